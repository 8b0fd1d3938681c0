import { mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { isAbsolute, join, relative, sep } from 'node:path'

const live = new Set<string>()

// A temporary folder that is removed by removeScratch, or when the grader is stopped by a signal
export function makeScratch(parent: string, prefix: string): string {
  const dir = mkdtempSync(join(parent, prefix))
  live.add(dir)
  return dir
}

export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  live.delete(dir)
}

// Every scratch folder still there; called on SIGINT and SIGTERM, when finally blocks do not run
export function removeAllScratch(): void {
  for (const dir of live) removeScratch(dir)
}

// True for a path inside a scratch folder that is still there (a private copy of a submission, for instance), symbolic
// links resolved: feedback that reads files named in a program's output reads only what the grader made itself
export function isInsideScratch(path: string): boolean {
  const real = realOrUndefined(path)
  if (real === undefined) return false
  for (const dir of live) {
    const root = realOrUndefined(dir)
    const inside = root === undefined ? undefined : relative(root, real)
    if (inside !== undefined && inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside)) return true
  }
  return false
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}
