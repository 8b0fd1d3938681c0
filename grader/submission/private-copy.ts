import { chownSync, copyFileSync, existsSync, lchownSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { NotGradableError } from '../errors.js'
import { fileErrorText } from '../fs-errors.js'
import { makeScratch, removeScratch } from '../process/scratch.js'
import { MAX_FILE_BYTES, planCopy, type LeftOut, type PlannedFile } from './copy-plan.js'
import { leftOutNotes } from './left-out-notes.js'
import { isLikelyProgram } from './likely-program.js'

// What the copy may take in all: half of the sandbox's 64 MiB /tmp, the other half left for what the programs write
export const MAX_COPY_BYTES = 32 * 1024 * 1024
// tmpfs gives every file whole pages
const PAGE_BYTES = 4096
// Where a link that led out of the submission leads in the copy: nowhere (relative, so it stays inside the copy)
export const LEFT_OUT_LINK_TARGET = '.left-out-by-sockgrade/a-link-out-of-the-submission'

/** The private copy, and notes for the report on what was left out of it */
export interface PrivateCopy {
  readonly dir: string
  readonly notes: readonly string[]
}

// A private, writable copy of what grading needs of the submission (owned by the uid the programs run as, when they
// run as another): program files first, then the other files smallest first while there is room; size alone makes a
// submission not gradable only when its program files cannot be copied
export function privateCopy(dir: string, label: string, parent: string, uid: number | undefined): PrivateCopy {
  if (!existsSync(dir)) throw new NotGradableError(`Cannot read the submission folder "${label}": no such file or folder`)
  if (!statSync(dir).isDirectory()) throw new NotGradableError(`The submission "${label}" is not a folder: give the folder that holds the program files`)
  const plan = planCopy(dir, label)
  const copy = makeScratch(parent, 'submission-')
  const leftOut: LeftOut[] = [...plan.leftOut]
  try {
    const programs = plan.files.filter((f) => isLikelyProgram(f.path)).sort((a, b) => depth(a.path) - depth(b.path))
    const others = plan.files.filter((f) => !isLikelyProgram(f.path)).sort((a, b) => a.bytes - b.bytes)
    let used = 0
    for (const file of programs) {
      const outcome = copyOne(dir, copy, file)
      if (outcome === 'no-room') throw new NotGradableError(`Cannot copy the submission "${label}": no space left for its program files (the submission is too large)`)
      if (outcome) throw new NotGradableError(`Cannot copy the submission "${label}": "${file.path}": ${fileErrorText(outcome)}`)
      used += pages(file.bytes)
    }
    for (const [i, file] of others.entries()) {
      const overBudget = used + pages(file.bytes) > MAX_COPY_BYTES
      const outcome = overBudget ? 'no-room' : copyOne(dir, copy, file)
      if (outcome === 'no-room') {
        leftOut.push(...others.slice(i).map((f) => ({ path: f.path, reason: overBudget ? ('no-room' as const) : ('disk-full' as const) })))
        break
      }
      if (outcome) leftOut.push({ path: file.path, reason: 'unreadable' })
      else used += pages(file.bytes)
    }
    // Empty folders too (a program may write into one), if there is room
    for (const folder of plan.folders) makeFolder(join(copy, folder))
    // A link out of the submission stays a link, leading nowhere: the grading can then say that a program was not
    // found because it is such a link (unused-programs.ts), where the copy is all it sees
    for (const item of leftOut) if (item.reason === 'link-outside') makeDeadLink(join(copy, item.path))
  } catch (error) {
    removeScratch(copy)
    if (error instanceof NotGradableError) throw error
    throw new NotGradableError(`Cannot copy the submission "${label}": ${fileErrorText(error)}`)
  }
  if (uid !== undefined) chownTree(copy, uid)
  return { dir: copy, notes: leftOutNotes(leftOut, { maxFileBytes: MAX_FILE_BYTES, maxCopyBytes: MAX_COPY_BYTES }) }
}

// Copy one file (mode kept); undefined when copied, 'no-room' when the copy's file system is full, else the error
function copyOne(from: string, to: string, file: PlannedFile): 'no-room' | Error | undefined {
  const target = join(to, file.path)
  try {
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(join(from, file.path), target)
    return undefined
  } catch (error) {
    rmSync(target, { force: true })
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOSPC' || code === 'EDQUOT' ? 'no-room' : (error as Error)
  }
}

function makeFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true })
  } catch {
    // No room left: an empty folder is not worth failing the grading for
  }
}

function makeDeadLink(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true })
    symlinkSync(LEFT_OUT_LINK_TARGET, path)
  } catch {
    // No room left: the link only serves a better message
  }
}

function depth(path: string): number {
  return path.split('/').length
}

function pages(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / PAGE_BYTES)) * PAGE_BYTES
}

// Links are not followed: a link left out leads nowhere, and chown would fail on it
function chownTree(path: string, uid: number): void {
  const stats = lstatSync(path)
  if (stats.isSymbolicLink()) return lchownSync(path, uid, uid)
  chownSync(path, uid, uid)
  if (stats.isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry), uid)
}
