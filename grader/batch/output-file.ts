import { existsSync, mkdirSync, realpathSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { writeFileAtomic } from './atomic-write.js'

// Write a report the user asked for at `path`: a regular file atomically (through a symlink, at its target, the link
// kept), and a device or pipe (/dev/stdout, /dev/null, a FIFO) in place, never replaced by a file; folders made first
export function writeOutputFile(path: string, text: string): void {
  const stats = statOrUndefined(path)
  if (stats && !stats.isFile() && !stats.isDirectory()) {
    writeFileSync(path, text)
    return
  }
  const target = stats ? realpathSync(path) : path
  makeFolders(dirname(target))
  writeFileAtomic(target, text)
}

// mkdir -p that always ends: Node's recursive mkdirSync spins for ever (and ignores signals) under /proc, where a
// missing folder's parent answers ENOENT too. Each missing folder is made on its own, from the nearest one that
// exists; the first that cannot be made throws its error
export function makeFolders(path: string): void {
  const missing: string[] = []
  for (let dir = resolve(path); !existsSync(dir); dir = dirname(dir)) {
    missing.unshift(dir)
    if (dirname(dir) === dir) break
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder)
    } catch (error) {
      // Made meanwhile by someone else: fine if it is a folder now
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(folder).isDirectory()) throw error
    }
  }
}

// The file a path names once links are followed, also for a file not written yet (its nearest existing folder
// resolved): two spellings of one file compare equal
export function canonicalPath(path: string): string {
  const absolute = resolve(path)
  if (existsSync(absolute)) return realpathSync(absolute)
  const parent = dirname(absolute)
  return parent === absolute ? absolute : join(canonicalPath(parent), basename(absolute))
}

function statOrUndefined(path: string) {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}
