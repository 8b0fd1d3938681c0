import type { ServedFile } from '../files/served-files.js'
import { InternalError } from '../errors.js'
import type { ServerProbeContext } from '../probes/probe.js'

// The served file a check's params name; a name assignment.yaml does not declare is the rubric's fault
export function servedFileNamed(ctx: Pick<ServerProbeContext<unknown>, 'files' | 'assignment'>, name: string): ServedFile {
  const file = ctx.files.find((f) => f.name === name)
  if (!file) throw new InternalError(`${ctx.assignment.id} has no file "${name}" in assignment.yaml's files: (it has ${ctx.files.map((f) => f.name).join(', ') || 'none'})`)
  return file
}
