import type { Assignment } from '../assignments/assignment.js'
import { framingOf } from '../assignments/framing.js'
import { waitUntilServerRead } from '../net/receive-queue.js'
import { connectToServer, endMessage, frame, readAnswer } from './ask-server.js'
import { defineServerProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

// Where /proc cannot tell when the server has read the first half, wait this long instead
const FALLBACK_GAP_MS = 50

// TCP is a byte stream: one message may arrive in pieces, and one recv() may return only the first
export const serverHandlesSplitMessage = defineServerProbe<Record<string, never>>({
  name: 'server-handles-split-message',
  description: 'Answers a message that arrives in two writes',
  params: { type: 'object', additionalProperties: false, properties: {} },
  transports: ['tcp'],
  waits: () => 3,
  // Only a framing with an end a server can wait for (a line's, a terminator, the end of sending): a one-message
  // connection that stays open gives no way to know the rest is coming
  framings: ['lines', 'terminator', 'until-close'],
  async run(ctx) {
    const [message] = ctx.inputs.draw(ctx.random, 1, ['basic']) as [string]
    const payload = frame(ctx, message)
    const half = Math.floor(payload.length / 2)
    const connection = await connectToServer(ctx)
    if ('problem' in connection) return fail(connection.problem)
    try {
      ctx.transcript.sent(`${preview(payload.subarray(0, half))}, then, once the server had read it, ${preview(payload.subarray(half))}`)
      await connection.send(payload.subarray(0, half))
      // The second half is sent only after the server has read the first, so every run splits it the same way
      await waitUntilServerRead(ctx.server.target.port, connection.localPort, { timeoutMs: ctx.timing.replyTimeoutMs, fallbackMs: FALLBACK_GAP_MS, signal: ctx.signal })
      await connection.send(payload.subarray(half))
      endMessage(ctx, connection)
      const answer = await readAnswer(ctx, connection)
      if ('problem' in answer) return fail(answer.problem)
      const reply = answer.reply.toString('utf8')
      ctx.transcript.received(preview(reply))
      const judged = await ctx.answers.judge(message, reply)
      if (judged.ok) return pass()
      return fail(
        `Expected ${preview(judged.expected)}, received ${preview(reply)}`,
        splitHint(ctx.assignment),
      )
    } finally {
      connection.end()
    }
  },
})

// What a server that answered half a message should do instead, for the assignment's framing
function splitHint(assignment: Assignment): string {
  const framing = framingOf(assignment)
  if (framing.halfClose) return 'One recv() returns whatever has arrived so far: read until recv() returns b"" (the client is done sending)'
  const end = framing.name === 'lines' ? 'for lines, until "\\n"' : `until ${JSON.stringify(framing.terminator?.toString())}`
  return `One recv() returns whatever has arrived so far: read until the message is complete (${end})`
}
