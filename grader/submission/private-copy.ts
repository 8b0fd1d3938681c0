import { chownSync, cpSync, existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { NotGradableError } from '../errors.js'
import { fileErrorText } from '../fs-errors.js'
import { makeScratch, removeScratch } from '../process/scratch.js'

// A private, writable copy of the submission (owned by the uid the programs run as, when they run as another)
export function privateCopy(dir: string, label: string, parent: string, uid: number | undefined): string {
  if (!existsSync(dir)) throw new NotGradableError(`Cannot read the submission folder "${label}": no such file or folder`)
  if (!statSync(dir).isDirectory()) throw new NotGradableError(`The submission "${label}" is not a folder: give the folder that holds the program files`)
  const copy = makeScratch(parent, 'submission-')
  try {
    // Links are followed only within the submission: one to /etc/shadow, or to nowhere, is left out
    cpSync(dir, copy, { recursive: true, dereference: true, filter: (source) => !/[\\/](node_modules|\.git)$/.test(source) && staysInside(source, dir) })
  } catch (error) {
    removeScratch(copy)
    throw new NotGradableError(`Cannot copy the submission "${label}": ${fileErrorText(error)}${(error as NodeJS.ErrnoException).code === 'ENOSPC' ? ' (the submission is too large)' : ''}`)
  }
  if (uid !== undefined) chownTree(copy, uid)
  return copy
}

// False for a symbolic link that leads out of the submission, or nowhere
function staysInside(path: string, root: string): boolean {
  if (!lstatSync(path).isSymbolicLink()) return true
  try {
    const target = realpathSync(path)
    const base = realpathSync(root)
    return target === base || target.startsWith(`${base}/`)
  } catch {
    return false
  }
}

function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid)
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry), uid)
}
