import { readdirSync, statSync, type Dirent } from 'node:fs'
import { join } from 'node:path'
import type { Assignment } from '../assignments/assignment.js'
import { NotGradableError } from '../errors.js'
import { fileErrorText } from '../fs-errors.js'

/** The program files found in a submission, as paths relative to it */
export interface SubmissionPrograms {
  readonly server?: string
  readonly client?: string
}

// Submissions arrive as unpacked archives with a folder or two on top: look this deep, no deeper
const MAX_DEPTH = 3
const IGNORED_FOLDERS = new Set(['__MACOSX', 'node_modules', '__pycache__', '.git', 'venv', '.venv'])

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
    const found = files.length ? `found: ${files.slice(0, 10).join(', ')}${files.length > 10 ? ', …' : ''}` : 'the folder is empty'
    throw new NotGradableError(`Cannot find ${missing.map((m) => `"${m}"`).join(' and ')} in the submission (${found})`)
  }
  return { server, client }
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

// Every file below dir, shallowest first, as '/'-separated relative paths
function listFiles(dir: string, label: string): string[] {
  let stats
  try {
    stats = statSync(dir)
  } catch (error) {
    throw new NotGradableError(`Cannot read the submission folder "${label}": ${fileErrorText(error)}`)
  }
  if (!stats.isDirectory()) throw new NotGradableError(`The submission "${label}" is not a folder: give the folder that holds the program files`)
  const files: string[] = []
  const visit = (relative: string, depth: number) => {
    let entries: Dirent[]
    try {
      entries = readdirSync(join(dir, relative), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
    } catch (error) {
      if (depth === 0) throw new NotGradableError(`Cannot list the submission folder "${label}": ${fileErrorText(error)}`)
      return
    }
    const path = (name: string) => (relative ? `${relative}/${name}` : name)
    for (const e of entries) if (e.isFile() || (e.isSymbolicLink() && isFile(join(dir, path(e.name))))) files.push(path(e.name))
    if (depth >= MAX_DEPTH) return
    for (const e of entries) if (e.isDirectory() && !IGNORED_FOLDERS.has(e.name) && !e.name.startsWith('.')) visit(path(e.name), depth + 1)
  }
  visit('', 0)
  return files
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}
