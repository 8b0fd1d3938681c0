import { join } from 'node:path'
import type { FoundStudent, LayoutFinding } from './found.js'
import { someNames, type RootEntries } from './root-entries.js'

// Moodle's "Download all submissions": <Full Name>_<participant id>_assignsubmission_<plugin>_ (older versions
// leave out the last underscore); the file plugin's folder is the submission, online text is not a program
export const MOODLE_FOLDER = /^(?<name>.+)_(?<id>\d+)_assignsubmission_(?<plugin>[a-z]+)_?$/

export function scanMoodle(entries: RootEntries): LayoutFinding {
  const students: FoundStudent[] = []
  const others: string[] = [...entries.files]
  for (const folder of entries.folders) {
    const match = MOODLE_FOLDER.exec(folder)?.groups
    if (!match) others.push(`${folder}/`)
    else if (match.plugin === 'file') students.push({ rawId: match.id ?? folder, name: match.name ?? folder, folder: join(entries.root, folder), notes: [] })
  }
  const warnings = others.length ? [`Left out ${others.length} entr${others.length === 1 ? 'y' : 'ies'} not named <Full Name>_<id>_assignsubmission_file_: ${someNames(others)}`] : []
  return { students, warnings }
}
