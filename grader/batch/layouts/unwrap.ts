import { readdirSync, renameSync, rmdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

// While a folder holds nothing but one folder ("alice/" inside alice.zip), move that folder's content up, so the
// programs sit where the grader looks first; returns the folders removed, outermost first
export function unwrapSingleFolder(dir: string): string[] {
  const removed: string[] = []
  for (;;) {
    const names = readdirSync(dir)
    const only = names[0]
    if (names.length !== 1 || !only || !statSync(join(dir, only)).isDirectory()) return removed
    const moving = `${dir}.unwrap`
    renameSync(join(dir, only), moving)
    rmdirSync(dir)
    renameSync(moving, dir)
    removed.push(only)
  }
}
