import { chmodSync, lstatSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

// Take every permission of group and others off a folder and everything in it (chmod -R go-rwx): a course's reference
// server, read by the grader alone, out of reach of student programs that run under a uid of their own
export function hideFromOthers(path: string): void {
  const info = lstatSync(path)
  if (info.isSymbolicLink()) return
  chmodSync(path, info.mode & 0o7700)
  if (info.isDirectory()) for (const name of readdirSync(path)) hideFromOthers(join(path, name))
}
