import { sentenceKinds, type SentenceKind } from '../sentences.js'
import { askServer } from './ask-server.js'
import { defineServerProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

export interface Params {
  readonly count: number
  /** Sentence kinds, for an assignment whose inputs are sentences; its own kinds when not given */
  readonly kinds?: readonly SentenceKind[]
}

// Sends seeded inputs, each as a new client, and compares every reply with the assignment's answer
export const serverAnswers = defineServerProbe<Params>({
  name: 'server-answers',
  description: 'Answers seeded inputs correctly, one client each (sentences of the given kinds, where the inputs are sentences)',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      count: { type: 'integer', minimum: 1, maximum: 20 },
      kinds: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...sentenceKinds] } },
    },
    required: ['count'],
  },
  transports: ['udp', 'tcp'],
  waits: (params) => params.count,
  async run(ctx) {
    for (const message of ctx.inputs.draw(ctx.random, ctx.params.count, ctx.params.kinds)) {
      const answer = await askServer(ctx, message)
      if ('problem' in answer) return fail(`Sent ${preview(ctx.inputs.encode(message))}: ${answer.problem}`)
      const reply = answer.reply.toString('utf8')
      const judged = await ctx.answers.judge(message, reply)
      if (!judged.ok) return fail(`Sent ${preview(ctx.inputs.encode(message))}: expected ${preview(judged.expected)}, received ${preview(reply)}`, judged.hint)
    }
    return pass()
  },
})
