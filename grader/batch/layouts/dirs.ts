import { join } from 'node:path'
import type { LayoutFinding } from './found.js'
import { someNames, type RootEntries } from './root-entries.js'

// One folder per student, named by the student: the folder name is both id and name
export function scanDirs(entries: RootEntries): LayoutFinding {
  const students = entries.folders.map((folder) => ({ rawId: folder, name: folder, folder: join(entries.root, folder), notes: [] }))
  const warnings = entries.files.length ? [`Left out ${entries.files.length} file${entries.files.length === 1 ? '' : 's'} at the top of the class folder, in no student's folder: ${someNames(entries.files)}`] : []
  return { students, warnings }
}
