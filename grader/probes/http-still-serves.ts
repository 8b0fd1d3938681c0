import { askHttp, getRequest } from '../http/ask-http.js'
import { bodyProblem } from '../http/body.js'
import type { ServedFile } from '../files/served-files.js'
import { statusProblem } from '../http/status-line.js'
import { fail, pass, type ProbeOutcome, type ServerProbeContext } from './probe.js'

// After something unusual (`after` says what), an ordinary request for the file must still get it
export async function httpStillServes(ctx: ServerProbeContext<unknown>, file: ServedFile, after: string, hint: string, options: { timeoutMs?: number } = {}): Promise<ProbeOutcome> {
  const answer = await askHttp(ctx, getRequest(`/${file.name}`, ctx), options)
  if ('problem' in answer) return fail(`After ${after}, GET /${file.name}: ${answer.problem}`, hint)
  const wrong = statusProblem(answer.response, 200, 'OK') ?? bodyProblem(file, answer.response.body)
  return wrong ? fail(`After ${after}, GET /${file.name}: ${wrong.problem}`, wrong.hint) : pass()
}
