import { sentences } from '../sentences.js'
import { askServer } from './ask-server.js'
import { defineServerProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

export interface Params {
  readonly bytes: number
}

// A message longer than the textbook's recv(1024), sent in one write or one datagram
export const serverHandlesLongMessage = defineServerProbe<Params>({
  name: 'server-handles-long-message',
  description: 'Answers a message of the given size in full',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { bytes: { type: 'integer', minimum: 1025, maximum: 8000 } },
    required: ['bytes'],
  },
  transports: ['udp', 'tcp'],
  waits: () => 1,
  sentenceInputs: true,
  async run(ctx) {
    let message = ''
    while (Buffer.byteLength(message) < ctx.params.bytes) message += `${sentences(ctx.random, 1, ['basic'])[0]} `
    message = Buffer.from(message).subarray(0, ctx.params.bytes).toString('utf8').trimEnd()
    const answer = await askServer(ctx, message)
    if ('problem' in answer) return fail(`Sent ${Buffer.byteLength(message)} bytes: ${answer.problem}`)
    const reply = answer.reply.toString('utf8')
    const judged = await ctx.answers.judge(message, reply)
    if (judged.ok) return pass()
    const hint = `recv(N) returns at most N bytes: a ${Buffer.byteLength(message)}-byte message needs a bigger buffer, or (TCP) a loop that reads until the message ends`
    return fail(`Sent ${Buffer.byteLength(message)} bytes: expected ${preview(judged.expected)}, received ${preview(reply)}`, hint)
  },
})
