import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { UsageError } from '../errors.js'
import { fileErrorText } from '../fs-errors.js'

// The submission path as typed, resolved against the working folder; a path that does not exist is a usage
// error (exit 2), not a not-gradable 0 points: it is the command line that is wrong, not the submission
export function existingSubmission(typed: string, cwd: string): string {
  const path = resolve(cwd, typed)
  try {
    statSync(path)
  } catch (error) {
    throw new UsageError(`Cannot find the submission "${typed}": ${fileErrorText(error)}`)
  }
  return path
}
