import { setTimeout as delay } from 'node:timers/promises'
import { sentences } from '../sentences.js'
import { expectedAnswer, replyMatches } from '../transform.js'
import { connectToServer, frame, readAnswer } from './ask-server.js'
import { defineServerProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

// Long enough that the two halves arrive as two segments, short enough to stay well inside every deadline
const GAP_BETWEEN_WRITES_MS = 40

// TCP is a byte stream: one message may arrive in pieces, and one recv() may return only the first
export const serverHandlesSplitMessage = defineServerProbe<Record<string, never>>({
  name: 'server-handles-split-message',
  description: 'Answers a message that arrives in two writes',
  params: { type: 'object', additionalProperties: false, properties: {} },
  transports: ['tcp'],
  async run(ctx) {
    const [message] = sentences(ctx.random, 1, ['basic']) as [string]
    const payload = frame(ctx, message)
    const half = Math.floor(payload.length / 2)
    const connection = await connectToServer(ctx)
    if ('problem' in connection) return fail(connection.problem)
    try {
      ctx.transcript.sent(`${preview(payload.subarray(0, half))}, then ${GAP_BETWEEN_WRITES_MS} ms later ${preview(payload.subarray(half))}`)
      await connection.send(payload.subarray(0, half))
      await delay(GAP_BETWEEN_WRITES_MS, undefined, { signal: ctx.signal }).catch(() => undefined)
      await connection.send(payload.subarray(half))
      const answer = await readAnswer(ctx, connection)
      if ('problem' in answer) return fail(answer.problem)
      const reply = answer.reply.toString('utf8')
      ctx.transcript.received(preview(reply))
      if (replyMatches(ctx.assignment.transform, message, reply)) return pass()
      return fail(
        `Expected ${preview(expectedAnswer(ctx.assignment.transform, message))}, received ${preview(reply)}`,
        'One recv() returns whatever has arrived so far: read until the message is complete (for lines, until "\\n")',
      )
    } finally {
      connection.end()
    }
  },
})
