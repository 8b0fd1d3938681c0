import type { Assignment } from '../../assignments/assignment.js'
import { nameSide, pathTransport } from '../../submission/file-names.js'
import { baseName } from '../../submission/list-files.js'

// A note when a student has two server files or two client files that could be the assignment's (UDPServer.py and
// server.py, or two pairs in subfolders): the grader picks one, a TA should check which. Files whose path names the
// other transport (TCPServer.py in a UDP assignment) are not candidates
export function ambiguityNote(files: readonly string[], assignment: Assignment): string | undefined {
  const other = assignment.transport === 'udp' ? 'tcp' : 'udp'
  const programs = files.filter((file) => /\.py$/i.test(file) && pathTransport(file) !== other)
  const sides = (['server', 'client'] as const).map((side) => ({ side, files: programs.filter((file) => nameSide(baseName(file)) === side) }))
  const doubled = sides.filter((s) => s.files.length > 1)
  if (!doubled.length) return undefined
  return `ambiguous: ${doubled.map((s) => `${s.files.length} ${s.side} files (${s.files.join(', ')})`).join(' and ')}; the grader takes one of each, check which`
}

const PROGRAM = /\.(py|pyw|java|c|cc|cpp|js|mjs|ts|go|rs|rb)$/i

// Whether any file could be a program (or a sockgrade.yaml declaring one)
export function hasProgram(files: readonly string[]): boolean {
  return files.some((file) => PROGRAM.test(file) || /(^|\/)sockgrade\.ya?ml$/i.test(file))
}
