import { readdirSync, statSync, type Dirent } from 'node:fs'
import { join } from 'node:path'
import { NotGradableError } from '../errors.js'
import { fileErrorText } from '../fs-errors.js'

// Submissions arrive as unpacked archives with a folder or two on top: look this deep, no deeper
export const MAX_DEPTH = 3
export const IGNORED_FOLDERS: ReadonlySet<string> = new Set(['__MACOSX', 'node_modules', '__pycache__', '.git', 'venv', '.venv'])

// Every file below dir (3 folders deep at most, archive and tool folders skipped), shallowest first,
// as '/'-separated relative paths; a folder that cannot be read makes the submission not gradable
export function listFiles(dir: string, label: string): string[] {
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
      entries = readdirSync(join(dir, relative), { withFileTypes: true }).sort(byName)
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

// Names ignoring case, then by UTF-16 code unit: deterministic everywhere, close to the order people expect
// (notes.txt before UDPServer.py), and free of the ICU collator's start-up (~20-50 ms for a first localeCompare)
function byName(a: Dirent, b: Dirent): number {
  const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()]
  if (x !== y) return x < y ? -1 : 1
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
}

// The last part of a '/'-separated path
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

// The folder part of a '/'-separated path ('' for the top folder)
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash < 0 ? '' : path.slice(0, slash)
}

// How many folders deep a '/'-separated path is
export function depthOf(path: string): number {
  return path.split('/').length - 1
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

// "found: a.py, b.py" (the first 10) or "the folder is empty", for not-gradable messages
export function foundText(files: readonly string[]): string {
  return files.length ? `found: ${files.slice(0, 10).join(', ')}${files.length > 10 ? ', …' : ''}` : 'the folder is empty'
}
