import { askForFile, FILE_PROBE, type FileParams } from '../http/file-probe.js'
import { headerValue } from '../http/response.js'
import { defineServerProbe, fail, pass } from './probe.js'

// What a served file's Content-Type must start with, by its kind
const TYPES = { html: 'text/html', binary: '' } as const

// A Content-Type header, naming text/html for a page
export const httpContentType = defineServerProbe<FileParams>({
  ...FILE_PROBE,
  name: 'http-content-type',
  description: 'Names the type of the file served in a Content-Type header (text/html for a page)',
  waits: () => 1,
  async run(ctx) {
    const { file, answer, asked } = await askForFile(ctx)
    if ('problem' in answer) return fail(`${asked}: ${answer.problem}`)
    const type = headerValue(answer.response, 'Content-Type')
    const wanted = TYPES[file.kind]
    if (type === undefined) return fail(`${asked}: no Content-Type header`, `Tell the browser what it gets: send "Content-Type: ${wanted || 'image/png'}\\r\\n" among the header lines`)
    if (!type.toLowerCase().startsWith(wanted)) return fail(`${asked}: Content-Type was "${type.slice(0, 60)}"`, `${file.name} is a page: send "Content-Type: ${wanted}"`)
    return pass()
  },
})
