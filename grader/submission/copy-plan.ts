import { existsSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs'
import { join } from 'node:path'
import { NotGradableError } from '../errors.js'
import { fileErrorText } from '../fs-errors.js'

// One file is left out above this: a socket program and its data files are kilobytes (a student's JAR well under
// 1 MiB), while packet captures, videos of the demo and data sets are larger; it is also half of what the sandbox
// lets a program write into one file (16 MiB), and an eighth of the sandbox's 64 MiB /tmp
export const MAX_FILE_BYTES = 8 * 1024 * 1024

// Folders of tools and archivers, never part of what runs
const TOOL_FOLDERS = new Set(['.git', '__pycache__', 'node_modules', '__MACOSX'])
// Folder names students give virtualenvs (one without pyvenv.cfg is known by its site-packages)
const VENV_NAMES = new Set(['venv', '.venv', 'env', 'virtualenv'])

/** Why a part of the submission is not in the grading copy */
export type LeftOutReason = 'tool-folder' | 'virtualenv' | 'too-large' | 'no-room' | 'disk-full' | 'link-outside' | 'link-repeat' | 'unreadable'

export interface LeftOut {
  /** '/'-separated, relative to the submission */
  readonly path: string
  readonly reason: LeftOutReason
  readonly bytes?: number
}

export interface PlannedFile {
  readonly path: string
  readonly bytes: number
}

/** What to copy of a submission, and what to leave out */
export interface CopyPlan {
  readonly folders: readonly string[]
  readonly files: readonly PlannedFile[]
  readonly leftOut: readonly LeftOut[]
}

// Walk the submission (links followed only within it, each real folder once) and sort what grading needs from what
// it does not: tool folders, virtualenvs, links that lead out, files over MAX_FILE_BYTES
export function planCopy(root: string, label: string): CopyPlan {
  const plan = { folders: [] as string[], files: [] as PlannedFile[], leftOut: [] as LeftOut[] }
  const base = realpathSync(root)
  const seen = new Set<string>([base])
  const visit = (relative: string) => {
    let entries: Dirent[]
    try {
      entries = readdirSync(join(root, relative), { withFileTypes: true })
    } catch (error) {
      if (!relative) throw new NotGradableError(`Cannot read the submission folder "${label}": ${fileErrorText(error)}`)
      return void plan.leftOut.push({ path: relative, reason: 'unreadable' })
    }
    // Code-point order: localeCompare would start ICU (~50 ms) for no gain here
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = relative ? `${relative}/${entry.name}` : entry.name
      const full = join(root, path)
      let isFolder = entry.isDirectory()
      let bytes = 0
      if (entry.isSymbolicLink() || !isFolder) {
        const target = linkTarget(full, base, entry.isSymbolicLink())
        if (target === 'outside') {
          plan.leftOut.push({ path, reason: 'link-outside' })
          continue
        }
        if (!target) continue
        isFolder = target.isDirectory()
        if (!isFolder && !target.isFile()) continue
        bytes = target.size
      }
      if (isFolder) {
        const why = TOOL_FOLDERS.has(entry.name) ? 'tool-folder' : isVirtualenv(full, entry.name) ? 'virtualenv' : undefined
        // A link to a folder walked already (or to one of its parents) would repeat it, or loop
        const real = why ? '' : realpathSync(full)
        if (why || seen.has(real)) plan.leftOut.push({ path, reason: why ?? 'link-repeat' })
        else {
          seen.add(real)
          plan.folders.push(path)
          visit(path)
        }
      } else if (bytes > MAX_FILE_BYTES) plan.leftOut.push({ path, reason: 'too-large', bytes })
      else plan.files.push({ path, bytes })
    }
  }
  visit('')
  return plan
}

// The stats of what a path leads to, 'outside' for a link out of the submission, undefined when it leads nowhere
function linkTarget(path: string, base: string, isLink: boolean): Stats | 'outside' | undefined {
  try {
    if (isLink) {
      const real = realpathSync(path)
      if (real !== base && !real.startsWith(`${base}/`)) return 'outside'
    }
    return statSync(path)
  } catch {
    return isLink ? 'outside' : undefined
  }
}

// A virtualenv: its pyvenv.cfg, or (copied without it) a site-packages folder under a virtualenv's usual name; or
// installed packages on their own (programs run with the grader's Python, which never looks in them)
function isVirtualenv(path: string, name: string): boolean {
  if (name === 'site-packages' || existsSync(join(path, 'pyvenv.cfg'))) return true
  if (!VENV_NAMES.has(name)) return false
  if (existsSync(join(path, 'Lib', 'site-packages'))) return true
  try {
    return readdirSync(join(path, 'lib')).some((entry) => entry.startsWith('python') && existsSync(join(path, 'lib', entry, 'site-packages')))
  } catch {
    return false
  }
}
