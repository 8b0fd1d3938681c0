import { askServer } from './ask-server.js'
import { fail, pass, type ProbeOutcome, type ServerProbeContext } from './probe.js'
import { preview } from './transcript.js'

// After something unusual (`after` says what), the server must still answer an ordinary client correctly
export async function stillAnswers(ctx: ServerProbeContext<unknown>, after: string, hint: string, options: { timeoutMs?: number } = {}): Promise<ProbeOutcome> {
  const [message] = ctx.inputs.draw(ctx.random, 1, ['basic']) as [string]
  const answer = await askServer(ctx, message, options)
  if ('problem' in answer) return fail(`After ${after}, the next client got no answer: ${answer.problem}`, hint)
  const reply = answer.reply.toString('utf8')
  const judged = await ctx.answers.judge(message, reply)
  if (!judged.ok) return fail(`After ${after}, sent ${preview(ctx.inputs.encode(message))}: expected ${preview(judged.expected)}, received ${preview(reply)}`, hint)
  return pass()
}
