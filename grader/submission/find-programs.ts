import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Assignment } from '../assignments/assignment.js'
import { NotGradableError } from '../errors.js'
import { fileErrorText } from '../fs-errors.js'

/** The program files found in a submission, relative to it */
export interface SubmissionPrograms {
  readonly server?: string
  readonly client?: string
}

// Find the server and client files the assignment names (letter case ignored: udpServer.py is UDPServer.py);
// a side that is needed but missing makes the submission not gradable, with a message naming what was expected
export function findPrograms(dir: string, label: string, assignment: Assignment, needed: { server: boolean; client: boolean }): SubmissionPrograms {
  const files = listFiles(dir, label)
  const pick = (wanted: string) => files.find((f) => f === wanted) ?? files.find((f) => f.toLowerCase() === wanted.toLowerCase())
  const server = needed.server ? pick(assignment.server.file) : undefined
  const client = needed.client ? pick(assignment.client.file) : undefined
  const missing = [needed.server && !server && assignment.server.file, needed.client && !client && assignment.client.file].filter(Boolean)
  if (missing.length) {
    const found = files.length ? `found: ${files.slice(0, 10).join(', ')}${files.length > 10 ? ', …' : ''}` : 'the folder is empty'
    throw new NotGradableError(`Cannot find ${missing.map((m) => `"${m}"`).join(' and ')} in the submission (${found})`)
  }
  return { server, client }
}

function listFiles(dir: string, label: string): string[] {
  let stats
  try {
    stats = statSync(dir)
  } catch (error) {
    throw new NotGradableError(`Cannot read the submission folder "${label}": ${fileErrorText(error)}`)
  }
  if (!stats.isDirectory()) throw new NotGradableError(`The submission "${label}" is not a folder: give the folder that holds the program files`)
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() || (e.isSymbolicLink() && isFile(join(dir, e.name))))
      .map((e) => e.name)
      .sort()
  } catch (error) {
    throw new NotGradableError(`Cannot list the submission folder "${label}": ${fileErrorText(error)}`)
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}
