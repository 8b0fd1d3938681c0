import { join } from 'node:path'
import { archiveKind, archiveStem } from '../archives/extract-archive.js'
import type { LayoutFinding } from './found.js'
import { someNames, type RootEntries } from './root-entries.js'

// One archive per student (.zip, .tar.gz, .tgz, .tar), named by the student: the stem is both id and name
export function scanArchives(entries: RootEntries): LayoutFinding {
  const archives = entries.files.filter((file) => archiveKind(file))
  const students = archives.map((file) => ({ rawId: archiveStem(file), name: archiveStem(file), archive: join(entries.root, file), notes: [] }))
  const others = [...entries.files.filter((file) => !archiveKind(file)), ...entries.folders.map((folder) => `${folder}/`)]
  const warnings = others.length ? [`Left out ${others.length} entr${others.length === 1 ? 'y' : 'ies'} of the class folder that are not archives: ${someNames(others)}`] : []
  return { students, warnings }
}
