import { clientParamsSchema, observeClient, type ClientParams } from './client-params.js'
import { neverContacted } from './client-outcome.js'
import { defineClientProbe, fail, pass } from './probe.js'

// The grader's server listens on both transports at once, so the one the client picked is visible
export const clientUsesTransport = defineClientProbe<ClientParams>({
  name: 'client-uses-transport',
  description: "Talks to the server over the assignment's transport (UDP or TCP)",
  params: clientParamsSchema,
  transports: ['udp', 'tcp'],
  async run(ctx) {
    const session = await observeClient(ctx)
    const wanted = ctx.assignment.transport
    // Credit needs a message: connecting and sending nothing does not show the transport works
    const used = new Set(session.messages.map((m) => m.transport))
    if (used.size === 0) return fail(neverContacted(session, ctx.assignment))
    if (used.size === 1 && used.has(wanted)) return pass()
    const other = wanted === 'udp' ? 'tcp' : 'udp'
    const socketType = wanted === 'udp' ? 'SOCK_DGRAM' : 'SOCK_STREAM'
    return fail(`The client used ${other.toUpperCase()}; the assignment asks for ${wanted.toUpperCase()}`, `Create the socket with socket(AF_INET, ${socketType})`)
  },
})
