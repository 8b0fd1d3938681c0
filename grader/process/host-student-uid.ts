import { constants, existsSync, realpathSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { packageRoot } from '../paths.js'
import { newStudentUid } from '../sandbox/student-uid.js'
import { shimPath } from '../shim/shim-command.js'
import { hostPlatform } from './host-platform.js'
import { resolvePython } from './python.js'

// The uid a host-mode grading runs the student's programs as, or undefined to run them as the grader's own user.
// Only as root: there a program run as the grader could write the results file, kill the grader, or leave a daemon
// (its environment cleared) that rewrites results after the grading (Gradescope and PrairieLearn grade on the host
// as root). Taken when setpriv is on PATH and another user can reach the interpreter, the shim, the package and the
// temporary folder (the private copy goes there); where one lives under /root (a pyenv Python) the programs stay
// root's, as before
export async function hostStudentUid(python?: string): Promise<number | undefined> {
  if (!hostPlatform().hasSetpriv || process.getuid?.() !== 0) return undefined
  if (!(process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, 'setpriv')))) return undefined
  const interpreter = python ?? (await resolvePython()).executable
  return [interpreter, shimPath, packageRoot, tmpdir()].every(reachableByOthers) ? newStudentUid() : undefined
}

// True when a user other than the owner (and not in its group) can read a file, or list a folder, at this path
export function reachableByOthers(path: string): boolean {
  let real: string
  try {
    real = realpathSync(path)
  } catch {
    return false
  }
  const wanted = statSync(real).isDirectory() ? constants.S_IROTH | constants.S_IXOTH : constants.S_IROTH
  if ((statSync(real).mode & wanted) !== wanted) return false
  for (let dir = dirname(real); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & constants.S_IXOTH) === 0) return false
    if (dirname(dir) === dir) return true
  }
}
