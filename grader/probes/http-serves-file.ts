import { askHttp, getRequest } from '../http/ask-http.js'
import { bodyProblem } from '../http/body.js'
import { servedFileNamed } from '../http/served-file-named.js'
import { headerFormProblem, statusProblem } from '../http/status-line.js'
import { defineServerProbe, fail, pass } from './probe.js'

export interface Params {
  /** The served file asked for (a name in assignment.yaml's files:) */
  readonly file: string
  /** Requests in a row, each on a connection of its own */
  readonly times?: number
}

// Asks for a file the grader wrote beside the server: a 200 status line and the file's bytes, as many times as asked
export const httpServesFile = defineServerProbe<Params>({
  name: 'http-serves-file',
  description: 'Answers GET /<file> with a 200 status line and the file byte for byte (one trailing newline allowed), once or several times in a row',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { file: { type: 'string', minLength: 1 }, times: { type: 'integer', minimum: 1, maximum: 5 } },
    required: ['file'],
  },
  transports: ['tcp'],
  needsFiles: true,
  answerFree: true,
  waits: (params) => params.times ?? 1,
  async run(ctx) {
    const file = servedFileNamed(ctx, ctx.params.file)
    const times = ctx.params.times ?? 1
    let forgiven: string | undefined
    for (let i = 1; i <= times; i++) {
      const which = times > 1 ? `request ${i} of ${times} (each on a new connection)` : `GET /${file.name}`
      const answer = await askHttp(ctx, getRequest(`/${file.name}`, ctx))
      if ('problem' in answer) return fail(`${which}: ${answer.problem}`, i > 1 ? 'Keep serving: accept the next connection in a loop (while True:) and close each one after its response' : undefined)
      const status = statusProblem(answer.response, 200, 'OK')
      if (status) return fail(`${which}: ${status.problem}`, status.hint)
      const body = bodyProblem(file, answer.response.body)
      if (body) return fail(`${which}: ${body.problem}`, body.hint)
      forgiven ??= headerFormProblem(answer.response)?.problem
    }
    // Browsers forgive the header's form: a check of its own judges it
    return pass(forgiven ? `Served, though ${forgiven}` : undefined)
  },
})
