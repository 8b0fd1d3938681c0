import { framingOf } from '../assignments/framing.js'
import { connectToServer, frame, readAnswer } from './ask-server.js'
import { defineServerProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

export interface Params {
  readonly lines: number
}

// A multi-line session: several lines over one connection, each answered with a line of its own
export const serverAnswersLinesOnOneConnection = defineServerProbe<Params>({
  name: 'server-answers-lines-on-one-connection',
  description: 'Sends every line of a session on one connection and checks each reply against the answer, in order; each reply must end as its line did (a newline, or the terminator the assignment frames with)',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { lines: { type: 'integer', minimum: 2, maximum: 20 } },
    required: ['lines'],
  },
  transports: ['tcp'],
  waits: (params) => params.lines + 1,
  sessions: ['multiline'],
  async run(ctx) {
    const connection = await connectToServer(ctx)
    if ('problem' in connection) return fail(connection.problem)
    try {
      const lines = ctx.inputs.draw(ctx.random, ctx.params.lines)
      // One session: the answers to the lines in the order they are sent
      const expected = await ctx.answers.expected(lines)
      for (const [i, line] of lines.entries()) {
        const payload = frame(ctx, line)
        ctx.transcript.sent(preview(payload))
        await connection.send(payload)
        const answer = await readAnswer(ctx, connection)
        if ('problem' in answer) {
          ctx.transcript.note(answer.problem)
          const hint = i > 0 ? 'Keep reading lines from the same connection until the client closes it, then accept the next client' : undefined
          return fail(`Line ${i + 1} of ${ctx.params.lines} on one connection: ${answer.problem}`, hint)
        }
        const reply = answer.reply.toString('utf8')
        ctx.transcript.received(preview(reply))
        const judged = ctx.answers.compare(line, expected[i] as string, reply)
        if (!judged.ok) return fail(`Line ${i + 1}: expected ${preview(judged.expected)}, received ${preview(reply)}`)
        // A fixed terminator was checked as the reply was read (and taken off it): a line's newline is checked here
        if (framingOf(ctx.assignment).name === 'lines' && !reply.endsWith('\n')) {
          return fail(`Line ${i + 1}: the reply ${preview(reply)} does not end with a newline`, 'End every reply with "\\n" so the client can tell where it ends')
        }
      }
      return pass()
    } finally {
      connection.end()
    }
  },
})
