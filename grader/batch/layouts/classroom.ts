import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { LayoutFinding } from './found.js'
import { someNames, type RootEntries } from './root-entries.js'

// The "<assignment>-" every repository's name starts with: the longest common prefix, cut after its last hyphen;
// undefined when the folders share none (or a username would be empty)
export function classroomPrefix(folders: readonly string[]): string | undefined {
  if (!folders.length) return undefined
  let common = folders[0] ?? ''
  for (const folder of folders) while (!folder.startsWith(common)) common = common.slice(0, -1)
  if (folders.length === 1) common = common.slice(0, common.indexOf('-') + 1)
  const prefix = common.slice(0, common.lastIndexOf('-') + 1)
  return prefix && folders.every((folder) => folder.length > prefix.length) ? prefix : undefined
}

// GitHub Classroom repositories cloned side by side, <assignment>-<username>/: the username is id and name
export function scanClassroom(entries: RootEntries): LayoutFinding {
  const prefix = classroomPrefix(entries.folders)
  if (!prefix) return { students: [], warnings: [] }
  const students = entries.folders.map((folder) => {
    const notes = existsSync(join(entries.root, folder, '.git')) ? [] : [`"${folder}" is not a git clone (no .git)`]
    return { rawId: folder.slice(prefix.length), name: folder.slice(prefix.length), folder: join(entries.root, folder), notes }
  })
  const warnings = entries.files.length ? [`Left out ${entries.files.length} file${entries.files.length === 1 ? '' : 's'} beside the repositories: ${someNames(entries.files)}`] : []
  return { students, warnings }
}
