import type { Assignment } from '../assignments/assignment.js'
import { NotGradableError } from '../errors.js'
import { baseName, foundText, listFiles } from './list-files.js'

/** The program files found in a submission, as paths relative to it */
export interface SubmissionPrograms {
  readonly server?: string
  readonly client?: string
}

// Find the server and client files the assignment names (letter case ignored: udpServer.py is UDPServer.py;
// in the top folder first, else the shallowest match in a subfolder); a side that is needed but missing
// makes the submission not gradable, with a message naming what was expected
export function findPrograms(dir: string, label: string, assignment: Assignment, needed: { server: boolean; client: boolean }): SubmissionPrograms {
  const files = listFiles(dir, label)
  const pick = (wanted: string) => files.find((f) => f === wanted) ?? files.find((f) => baseName(f).toLowerCase() === wanted.toLowerCase())
  const server = needed.server ? pick(assignment.server.file) : undefined
  const client = needed.client ? pick(assignment.client.file) : undefined
  const missing = [needed.server && !server && assignment.server.file, needed.client && !client && assignment.client.file].filter(Boolean)
  if (missing.length) {
    throw new NotGradableError(`Cannot find ${missing.map((m) => `"${m}"`).join(' and ')} in the submission (${foundText(files)})`)
  }
  return { server, client }
}
