import { askHttp, getRequest } from '../http/ask-http.js'
import { headerValue } from '../http/response.js'
import { servedFileNamed } from '../http/served-file-named.js'
import { defineServerProbe, fail, pass } from './probe.js'

// What a served file's Content-Type must start with, by its kind
const TYPES = { html: 'text/html', binary: '' } as const

// A Content-Type header, naming text/html for a page
export const httpContentType = defineServerProbe<{ readonly file: string }>({
  name: 'http-content-type',
  description: 'Names the type of the file served in a Content-Type header (text/html for a page)',
  params: { type: 'object', additionalProperties: false, properties: { file: { type: 'string', minLength: 1 } }, required: ['file'] },
  transports: ['tcp'],
  needsFiles: true,
  answerFree: true,
  waits: () => 1,
  async run(ctx) {
    const file = servedFileNamed(ctx, ctx.params.file)
    const answer = await askHttp(ctx, getRequest(`/${file.name}`, ctx))
    if ('problem' in answer) return fail(`GET /${file.name}: ${answer.problem}`)
    const type = headerValue(answer.response, 'Content-Type')
    const wanted = TYPES[file.kind]
    if (type === undefined) return fail(`GET /${file.name}: no Content-Type header`, `Tell the browser what it gets: send "Content-Type: ${wanted || 'image/png'}\\r\\n" among the header lines`)
    if (!type.toLowerCase().startsWith(wanted)) return fail(`GET /${file.name}: Content-Type was "${type.slice(0, 60)}"`, `${file.name} is a page: send "Content-Type: ${wanted}"`)
    return pass()
  },
})
