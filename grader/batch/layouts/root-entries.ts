import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { UsageError } from '../../errors.js'
import { fileErrorText } from '../../fs-errors.js'

/** The class folder's top level, hidden entries and macOS metadata left out, each list sorted by name */
export interface RootEntries {
  readonly root: string
  readonly files: readonly string[]
  readonly folders: readonly string[]
}

const SKIPPED = new Set(['__MACOSX', 'Thumbs.db', 'desktop.ini'])

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
  for (const name of names.sort()) {
    if (name.startsWith('.') || SKIPPED.has(name)) continue
    if (isFolder(join(root, name))) folders.push(name)
    else files.push(name)
  }
  return { root, files, folders }
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
