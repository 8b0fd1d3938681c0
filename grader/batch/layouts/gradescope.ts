import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse, YAMLError } from 'yaml'
import { fileErrorText } from '../../fs-errors.js'
import type { StudentContact } from '../types.js'
import type { FoundStudent, LayoutFinding } from './found.js'
import { someNames, type RootEntries } from './root-entries.js'

export const GRADESCOPE_METADATA = 'submission_metadata.yml'
export const GRADESCOPE_FOLDER = /^submission_(?<id>\d+)$/

/** One submission's entry in submission_metadata.yml, as far as the batch reads it */
interface MetadataEntry {
  readonly names: readonly string[]
  readonly sids: readonly string[]
  readonly contacts: readonly StudentContact[]
  readonly late: boolean
}

// Gradescope's "Export Submissions": submission_metadata.yml (Ruby-style keys, as in real exports:
//   submission_132970515:
//     :submitters:
//     - :name: ...  :sid: '...'  :email: ...
//     :created_at: 2022-09-10 23:47:27.018556000 Z
// seen in rhattark/SER594 hw2/hw2q3_submission_metadata.yml) beside one submission_<id>/ folder each.
// Real exports seen carry no late field: `:late: true` is honoured when present, nothing is guessed from dates
export function scanGradescope(entries: RootEntries): LayoutFinding {
  const warnings: string[] = []
  const metadata = readMetadata(join(entries.root, GRADESCOPE_METADATA), warnings)
  const students: FoundStudent[] = []
  const others: string[] = entries.files.filter((file) => file !== GRADESCOPE_METADATA)
  for (const folder of entries.folders) {
    const id = GRADESCOPE_FOLDER.exec(folder)?.groups?.id
    if (!id) {
      others.push(`${folder}/`)
      continue
    }
    const entry = metadata?.get(folder)
    if (metadata && !entry) warnings.push(`"${folder}" has no entry in ${GRADESCOPE_METADATA}: named by its id`)
    const name = entry?.names.length ? entry.names.join(' & ') : id
    const notes = entry && entry.names.length > 1 ? [`group submission: ${entry.names.join(', ')}`] : []
    students.push({ rawId: id, name, folder: join(entries.root, folder), late: entry?.late ?? false, notes, aliases: [...(entry?.names ?? []), ...(entry?.sids ?? [])], ...(entry?.contacts.length ? { contacts: entry.contacts } : {}) })
  }
  const missing = [...(metadata?.keys() ?? [])].filter((key) => !entries.folders.includes(key))
  if (missing.length) warnings.push(`${GRADESCOPE_METADATA} lists ${missing.length} submission${missing.length === 1 ? '' : 's'} with no folder: ${someNames(missing)}`)
  if (others.length) warnings.push(`Left out ${others.length} entr${others.length === 1 ? 'y' : 'ies'} that are not submission_<id> folders: ${someNames(others)}`)
  return { students, warnings }
}

// The metadata by folder name; undefined (and a warning) when it cannot be read or parsed: folders are still graded
function readMetadata(path: string, warnings: string[]): Map<string, MetadataEntry> | undefined {
  let document: unknown
  try {
    document = parse(readFileSync(path, 'utf8'))
  } catch (error) {
    warnings.push(`Cannot read ${GRADESCOPE_METADATA}: ${error instanceof YAMLError ? (error.message.split('\n')[0] ?? '').replace(/:$/, '') : fileErrorText(error)}; students are named by submission id`)
    return undefined
  }
  const map = new Map<string, MetadataEntry>()
  if (!isRecord(document)) return map
  for (const [key, value] of Object.entries(document)) {
    if (!isRecord(value)) continue
    const submitters = Array.isArray(value[':submitters']) ? value[':submitters'].filter(isRecord) : []
    map.set(key, {
      names: submitters.map((s) => s[':name']).filter((n): n is string => typeof n === 'string' && n.trim() !== ''),
      sids: submitters.map((s) => s[':sid']).filter((n) => typeof n === 'string' || typeof n === 'number').map(String),
      contacts: submitters.flatMap((s): StudentContact[] => (typeof s[':name'] === 'string' && s[':name'].trim() ? [{ name: s[':name'], ...text(':sid', s[':sid']), ...text(':email', s[':email']) }] : [])),
      late: value[':late'] === true,
    })
  }
  return map
}

// { sid: '...' } or { email: '...' } from a metadata value that is a string or a number, else nothing
function text(key: ':sid' | ':email', value: unknown): Partial<StudentContact> {
  if (typeof value !== 'string' && typeof value !== 'number') return {}
  return key === ':sid' ? { sid: String(value) } : { email: String(value) }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
