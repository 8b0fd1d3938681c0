import { targetUrl } from '../net/target.js'
import { defineServerProbe, fail, pass } from './probe.js'

// Passes when the server listened on the port given on its command line; the start itself is done by the grader
export const serverListens = defineServerProbe<Record<string, never>>({
  name: 'server-listens',
  description: 'The server starts and listens on the port given as its first argument',
  params: { type: 'object', additionalProperties: false, properties: {} },
  transports: ['udp', 'tcp'],
  answerFree: true,
  waits: () => 0,
  async run({ server }) {
    if (server.startProblem) return fail(server.startProblem)
    return pass(`Listening on ${targetUrl(server.target)}`)
  },
})
