import { askHttp, getRequest } from '../http/ask-http.js'
import { statusProblem } from '../http/status-line.js'
import { defineServerProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

// Asks for a file that is not there (a seeded name): the status line must say 404
export const httpNotFound = defineServerProbe<Record<string, never>>({
  name: 'http-not-found',
  description: 'Answers GET for a file that does not exist with a 404 status line',
  params: { type: 'object', additionalProperties: false, properties: {} },
  transports: ['tcp'],
  needsFiles: true,
  answerFree: true,
  waits: () => 1,
  async run(ctx) {
    const path = `/missing-${ctx.random.int(10000, 99999)}.html`
    const answer = await askHttp(ctx, getRequest(path, ctx))
    if ('problem' in answer) return fail(`GET ${path}, a file that does not exist: ${answer.problem}`, 'Catch the error opening a missing file (IOError/FileNotFoundError) and answer "HTTP/1.1 404 Not Found\\r\\n\\r\\n"')
    const status = statusProblem(answer.response, 404, 'Not Found')
    if (!status) return pass()
    const said404 = answer.response.status === 200 && answer.response.body.includes('404')
    const hint = said404 ? 'A page that says 404 is not a 404: the status line itself must be "HTTP/1.1 404 Not Found\\r\\n"' : status.hint
    return fail(`GET ${path}, a file that does not exist: ${status.problem}${said404 ? `, with the body ${preview(answer.response.body)}` : ''}`, hint)
  },
})
