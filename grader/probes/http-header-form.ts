import { askHttp, getRequest } from '../http/ask-http.js'
import { servedFileNamed } from '../http/served-file-named.js'
import { headerFormProblem } from '../http/status-line.js'
import { defineServerProbe, fail, pass } from './probe.js'

// The form browsers forgive: the status line first, every line ending in CR LF, and a blank line before the body
export const httpHeaderForm = defineServerProbe<{ readonly file: string }>({
  name: 'http-header-form',
  description: 'Sends the status line first, ends every status and header line with CR LF, and ends the header with a blank line (CR LF CR LF)',
  params: { type: 'object', additionalProperties: false, properties: { file: { type: 'string', minLength: 1 } }, required: ['file'] },
  transports: ['tcp'],
  needsFiles: true,
  answerFree: true,
  waits: () => 1,
  async run(ctx) {
    const file = servedFileNamed(ctx, ctx.params.file)
    const answer = await askHttp(ctx, getRequest(`/${file.name}`, ctx))
    if ('problem' in answer) return fail(`GET /${file.name}: ${answer.problem}`)
    const form = headerFormProblem(answer.response)
    return form ? fail(`GET /${file.name}: ${form.problem}`, form.hint) : pass()
  },
})
