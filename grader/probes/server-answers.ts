import { sentenceKinds, sentences, type SentenceKind } from '../sentences.js'
import { expectedAnswer, replyMatches } from '../transform.js'
import { askServer } from './ask-server.js'
import { defineServerProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

export interface Params {
  readonly count: number
  readonly kinds: readonly SentenceKind[]
}

// Sends seeded sentences, each as a new client, and compares every reply with the assignment's transform
export const serverAnswers = defineServerProbe<Params>({
  name: 'server-answers',
  description: 'Answers seeded sentences of the given kinds correctly, one client each',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      count: { type: 'integer', minimum: 1, maximum: 20 },
      kinds: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...sentenceKinds] } },
    },
    required: ['count', 'kinds'],
  },
  transports: ['udp', 'tcp'],
  waits: (params) => params.count,
  async run(ctx) {
    const { transform } = ctx.assignment
    for (const message of sentences(ctx.random, ctx.params.count, ctx.params.kinds)) {
      const answer = await askServer(ctx, message)
      if ('problem' in answer) return fail(`Sent ${preview(message)}: ${answer.problem}`)
      const reply = answer.reply.toString('utf8')
      if (!replyMatches(transform, message, reply)) {
        return fail(`Sent ${preview(message)}: expected ${preview(expectedAnswer(transform, message))}, received ${preview(reply)}`, commonMistake(transform, message, reply))
      }
    }
    return pass()
  },
})

// Name the usual faults: the message echoed unchanged, lowercase, or only the ASCII letters converted
function commonMistake(transform: 'uppercase' | 'count-s', message: string, reply: string): string | undefined {
  // An all-lowercase sentence comes back the same when unchanged and when lowercased: name both, not a guess
  const lowered = transform === 'uppercase' && reply.trim() === message.toLowerCase()
  if (lowered && message === message.toLowerCase()) return 'The reply is the sentence as sent, in lowercase: send back message.upper() (not lower(), not the message unchanged)'
  if (lowered) return 'The reply is in lowercase: use upper(), not lower()'
  if (reply.trim() === message) return 'The reply is the message unchanged: is the transformed text the one sent back?'
  if (transform === 'count-s' && /\d/.test(reply) && Number(/\d+/.exec(reply)?.[0]) === [...message].filter((c) => c === 's').length) {
    return 'Only lowercase s was counted: count S too (message.lower().count("s"))'
  }
  return undefined
}
