import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { UsageError } from '../../errors.js'
import { fileErrorText } from '../../fs-errors.js'
import { listFiles } from '../../submission/list-files.js'

/** The class folder's top level, hidden entries and macOS metadata left out, each list sorted by name */
export interface RootEntries {
  readonly root: string
  readonly files: readonly string[]
  readonly folders: readonly string[]
  /** Hidden folders that look like a student's (they hold Python files): skipped, but the TA is told */
  readonly warnings: readonly string[]
}

const SKIPPED = new Set(['__MACOSX', 'Thumbs.db', 'desktop.ini'])
// Hidden folders of tools, which may hold Python files of their own: never a student's
const TOOL_FOLDERS = new Set(['.git', '.hg', '.svn', '.venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.idea', '.vscode'])

// Read the class folder's top level; a missing or unreadable folder is a usage error, not a grader fault
export function readRoot(root: string): RootEntries {
  let names: string[]
  try {
    if (!statSync(root).isDirectory()) throw new UsageError(`The class folder "${root}" is a file: give the folder that holds the submissions`)
    names = readdirSync(root)
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`Cannot read the class folder "${root}": ${fileErrorText(error)}`)
  }
  const files: string[] = []
  const folders: string[] = []
  const warnings: string[] = []
  for (const name of names.sort()) {
    if (SKIPPED.has(name)) continue
    const folder = isFolder(join(root, name))
    if (name.startsWith('.')) {
      const programs = folder && !TOOL_FOLDERS.has(name) ? pythonFiles(join(root, name)) : []
      if (programs.length) warnings.push(`Skipped "${name}/", a hidden folder that holds Python files (${programs.slice(0, 5).join(', ')}${programs.length > 5 ? ', …' : ''}): rename it without the leading dot to grade it as a student`)
    } else if (folder) folders.push(name)
    else files.push(name)
  }
  return { root, files, folders, warnings }
}

// The .py files a hidden folder holds, as deep as a student's folder is searched; none when it cannot be read
function pythonFiles(dir: string): string[] {
  try {
    return listFiles(dir, dir).filter((file) => /\.py$/i.test(file))
  } catch {
    return []
  }
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

// "a.py, b.py and 3 more", for warnings
export function someNames(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).map((n) => `"${n}"`).join(', ')
  return names.length > max ? `${shown} and ${names.length - max} more` : shown
}
