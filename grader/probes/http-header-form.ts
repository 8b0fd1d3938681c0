import { askForFile, FILE_PROBE, type FileParams } from '../http/file-probe.js'
import { headerFormProblem } from '../http/status-line.js'
import { defineServerProbe, fail, pass } from './probe.js'

// The form browsers forgive: the status line first, every line ending in CR LF, and a blank line before the body
export const httpHeaderForm = defineServerProbe<FileParams>({
  ...FILE_PROBE,
  name: 'http-header-form',
  description: 'Sends the status line first, ends every status and header line with CR LF, and ends the header with a blank line (CR LF CR LF)',
  waits: () => 1,
  async run(ctx) {
    const { answer, asked } = await askForFile(ctx)
    if ('problem' in answer) return fail(`${asked}: ${answer.problem}`)
    const form = headerFormProblem(answer.response)
    return form ? fail(`${asked}: ${form.problem}`, form.hint) : pass()
  },
})
