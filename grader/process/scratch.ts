import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'

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
