import type { ServedFile } from '../files/served-files.js'
import type { ServerProbeContext } from '../probes/probe.js'
import { askHttp, getRequest, type HttpAnswer } from './ask-http.js'
import { servedFileNamed } from './served-file-named.js'

/** A check's params that name one served file */
export interface FileParams {
  readonly file: string
}

// What every probe of one served file shares: its params' schema and the assignments it fits (TCP, with files:)
export const FILE_PROBE = {
  params: { type: 'object', additionalProperties: false, properties: { file: { type: 'string', minLength: 1 } }, required: ['file'] },
  transports: ['tcp'],
  needsFiles: true,
  answerFree: true,
} as const

// Ask for the check's file, on a connection of its own: the file, and the answer (or the problem, with the request in words)
export async function askForFile(ctx: ServerProbeContext<FileParams>): Promise<{ file: ServedFile; answer: HttpAnswer; asked: string }> {
  const file = servedFileNamed(ctx, ctx.params.file)
  return { file, answer: await askHttp(ctx, getRequest(`/${file.name}`, ctx)), asked: `GET /${file.name}` }
}
