import { clientParamsSchema, observeClient, type ClientParams } from './client-params.js'
import { neverContacted } from './client-outcome.js'
import { defineClientProbe, fail, pass } from './probe.js'

// A multi-line TCP session keeps one connection open for all its lines
export const clientUsesOneConnection = defineClientProbe<ClientParams>({
  name: 'client-uses-one-connection',
  description: 'Sends all its lines over a single TCP connection',
  params: clientParamsSchema,
  transports: ['tcp'],
  sessions: ['multiline'],
  async run(ctx) {
    const session = await observeClient(ctx)
    if (session.messages.length === 0) return fail(neverContacted(session, ctx.assignment))
    if (session.tcpConnections === 1) return pass()
    return fail(`The client opened ${session.tcpConnections} TCP connections for ${session.lines.length} lines`, 'Connect once before the loop, and close the socket after it')
  },
})
