import { join } from 'node:path'
import type { FoundStudent, LayoutFinding } from './found.js'
import { someNames, type RootEntries } from './root-entries.js'

// Canvas "Download Submissions": flat files <sortable name>[_LATE]_<user id>_<submission id>_<original name>.
// Confirmed on real downloads: "studenttest_3143_207797_zipsubmission.zip" (instructure/canvas-lms issue 2406);
// a file uploaded again under the same name is renamed "name-1.ext", "name-2.ext" by Canvas (nus-cs2103-AY2324S1
// forum issue 459, IIC1253-2023-2 issue 13). `_LATE` after the name is from the domain notes, not seen in a source
export const CANVAS_FILE = /^(?<name>[^_]+?)(?<late>_LATE)?_(?<user>\d+)_(?<submission>\d+)_(?<file>.+)$/

interface CanvasFile {
  readonly path: string
  readonly sortableName: string
  readonly late: boolean
  readonly user: string
  readonly submission: number
  readonly original: string
}

export function scanCanvas(entries: RootEntries): LayoutFinding {
  const byUser = new Map<string, CanvasFile[]>()
  const others: string[] = entries.folders.map((folder) => `${folder}/`)
  for (const file of entries.files) {
    const match = CANVAS_FILE.exec(file)?.groups
    if (!match?.user || !match.file) {
      others.push(file)
      continue
    }
    const parsed = { path: join(entries.root, file), sortableName: match.name ?? '', late: Boolean(match.late), user: match.user, submission: Number(match.submission), original: match.file }
    byUser.set(match.user, [...(byUser.get(match.user) ?? []), parsed])
  }
  const students = [...byUser.entries()].map(([user, files]) => canvasStudent(user, files))
  const warnings = others.length ? [`Left out ${others.length} entr${others.length === 1 ? 'y' : 'ies'} not named <name>_<userid>_<submissionid>_<file>: ${someNames(others)}`] : []
  return { students, warnings }
}

// One user's files: the newest submission id, then per original name the highest "-N" resubmission (a "-N" name
// counts as one only beside the plain name: see resubmission)
function canvasStudent(user: string, all: readonly CanvasFile[]): FoundStudent {
  const newest = Math.max(...all.map((f) => f.submission))
  const notes: string[] = []
  const older = all.filter((f) => f.submission !== newest)
  if (older.length) notes.push(`left out ${older.length} file${older.length === 1 ? '' : 's'} of older submissions: ${someNames(older.map((f) => f.original))}`)
  const unusable = all.filter((f) => f.submission === newest && !usableName(f.original))
  if (unusable.length) notes.push(`left out ${unusable.length} file${unusable.length === 1 ? ' whose name' : 's whose names'} cannot be used: ${someNames(unusable.map((f) => f.original))}`)
  const current = all.filter((f) => f.submission === newest && usableName(f.original))
  const plain = new Set(current.map((f) => f.original))
  const byBase = new Map<string, { file: CanvasFile; version: number }[]>()
  for (const file of current) {
    const { base, version } = resubmission(file.original, plain)
    byBase.set(base, [...(byBase.get(base) ?? []), { file, version }])
  }
  const files: { from: string; as: string }[] = []
  for (const [base, versions] of [...byBase.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [taken, ...rest] = [...versions].sort((a, b) => b.version - a.version || (a.file.original < b.file.original ? -1 : 1))
    if (!taken || !usableName(base)) continue
    files.push({ from: taken.file.path, as: base })
    if (taken.version > 0 || rest.length) {
      const leftOut = rest.length ? ` (left out: ${rest.map((r) => `"${r.file.original}"`).join(', ')})` : ''
      notes.push(`resubmission ${taken.version} taken: "${taken.file.original}" as "${base}"${leftOut}`)
    }
  }
  const taken = all.filter((f) => f.submission === newest)
  const late = taken.some((f) => f.late)
  const sortableName = taken[0]?.sortableName ?? user
  return { rawId: user, name: sortableName, files, late, notes: late ? ['late: Canvas named the files _LATE', ...notes] : notes, aliases: [user, sortableName] }
}

// "UDPServer-2.py" → UDPServer.py, 2 when the student also has "UDPServer.py" (the plain name, version 0): Canvas
// renames a file uploaded again under a name already there. Without the plain name the suffix is the student's own
// ("part-1.py" and "part-2.py", a lone "lab-2.py"): the name is kept, version 0
export function resubmission(name: string, names: ReadonlySet<string>): { base: string; version: number } {
  const match = /^(?<stem>.+?)-(?<n>\d+)(?<ext>\.[^.]*)?$/.exec(name)?.groups
  if (!match?.stem || !match.n) return { base: name, version: 0 }
  const base = `${match.stem}${match.ext ?? ''}`
  return names.has(base) ? { base, version: Number(match.n) } : { base: name, version: 0 }
}

// Whether an original name can be a file in the student's staging folder: "." and ".." name folders, and an empty
// name, a "/" or a NUL would put it elsewhere or nowhere
export function usableName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0')
}
