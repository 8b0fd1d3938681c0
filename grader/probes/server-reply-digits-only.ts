import { trimReply } from '../answers/compare.js'
import { askServer } from './ask-server.js'
import { defineServerProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

// A count must come back as bare decimal digits (a trailing newline allowed), so other programs can parse it
export const serverReplyDigitsOnly = defineServerProbe<Record<string, never>>({
  name: 'server-reply-digits-only',
  description: 'Replies with the count as decimal digits and nothing else',
  params: { type: 'object', additionalProperties: false, properties: {} },
  transports: ['udp', 'tcp'],
  waits: () => 1,
  numericAnswers: true,
  async run(ctx) {
    const [message] = ctx.inputs.draw(ctx.random, 1, ['basic'])
    const answer = await askServer(ctx, message as string)
    if ('problem' in answer) return fail(answer.problem)
    const reply = trimReply(answer.reply.toString('utf8'))
    if (/^\d+$/.test(reply)) return pass()
    return fail(`Expected only digits, received ${preview(reply)}`, 'Send str(count), not a sentence around it: the client decides how to show it')
  },
})
