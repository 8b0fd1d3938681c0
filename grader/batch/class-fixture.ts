import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { programOf, type Assignment } from '../assignments/assignment.js'
import { referenceDir } from '../paths.js'
import { writeArchive } from './archives/write-archive.js'
import { hangingClient, hangingServer } from './hang-programs.js'
import type { LayoutName } from './types.js'

/** What a fixture student hands in: the reference solution, one broken variant, programs that hang, or no program */
export type StudentWork = 'solution' | { readonly broken: string } | 'hang' | 'empty'

/** One student of a fixture class. For canvas, moodle and gradescope the id should be digits (a user, participant or
 * submission id); other ids are replaced there by 1001, 1002... in the order given */
export interface FixtureStudent {
  readonly id: string
  readonly name: string
  readonly work: StudentWork
  /** Hand the files in as one archive (the archives layout always does; zip by default) */
  readonly archive?: 'zip' | 'tgz'
  /** Canvas names the files `_LATE_`; Gradescope's metadata says `:late: true` */
  readonly late?: boolean
  /** Canvas only: older attempts `UDPServer.py`, `UDPServer-1.py`... that must lose to the newest */
  readonly resubmissions?: number
}

interface FixtureFile {
  readonly name: string
  readonly text: string
}

// Lay a class out under root (emptied first) exactly as the layout's system exports it, from the references
export function buildClass(layout: LayoutName, assignment: Assignment, students: readonly FixtureStudent[], root: string): void {
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { recursive: true })
  const metadata: Record<string, unknown> = {}
  students.forEach((student, index) => {
    const files = workFiles(assignment, student.work)
    const number = /^\d+$/.test(student.id) ? student.id : String(1001 + index)
    if (layout === 'dirs') writeFolder(join(root, student.id), files, student)
    if (layout === 'archives') writeArchiveOf(join(root, `${student.id}.${student.archive ?? 'zip'}`), files, student.id)
    if (layout === 'moodle') writeFolder(join(root, `${student.name}_${number}_assignsubmission_file_`), files, student)
    if (layout === 'classroom') writeClassroomRepo(join(root, `${assignment.id}-${student.id}`), files, student)
    if (layout === 'canvas') writeCanvasFiles(root, files, student, number, String(50001 + index))
    if (layout === 'gradescope') {
      writeFolder(join(root, `submission_${number}`), files, student)
      metadata[`submission_${number}`] = gradescopeEntry(student)
    }
  })
  if (layout === 'gradescope') writeFileSync(join(root, 'submission_metadata.yml'), `---\n${stringify(metadata)}`)
}

// The program files of a piece of work, read from reference/<assignment> (expect.yaml left out)
export function workFiles(assignment: Assignment, work: StudentWork): FixtureFile[] {
  if (work === 'empty') return [{ name: 'notes.txt', text: 'I did not finish this one.\n' }]
  if (work === 'hang') return [{ name: programOf(assignment, 'server').file, text: hangingServer(assignment) }, { name: programOf(assignment, 'client').file, text: hangingClient() }]
  const dir = work === 'solution' ? join(referenceDir, assignment.id) : join(referenceDir, assignment.id, 'broken', work.broken)
  return readdirSync(dir)
    .filter((name) => name !== 'expect.yaml' && statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }))
}

function writeFolder(dir: string, files: readonly FixtureFile[], student: FixtureStudent): void {
  mkdirSync(dir, { recursive: true })
  if (student.archive) writeArchiveOf(join(dir, `hw.${student.archive === 'tgz' ? 'tgz' : 'zip'}`), files, undefined)
  else for (const file of files) writeFileSync(join(dir, file.name), file.text)
}

function writeArchiveOf(path: string, files: readonly FixtureFile[], folder: string | undefined): void {
  const prefix = folder ? `${folder}/` : ''
  const entries = [...(folder ? [{ name: prefix }] : []), ...files.map((file) => ({ name: `${prefix}${file.name}`, text: file.text }))]
  writeArchive(path, path.endsWith('.tgz') ? 'tgz' : 'zip', entries)
}

function writeClassroomRepo(dir: string, files: readonly FixtureFile[], student: FixtureStudent): void {
  writeFolder(dir, files, student)
  mkdirSync(join(dir, '.git'), { recursive: true })
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n')
}

// Canvas: <sortable name>[_LATE]_<user id>_<submission id>_<file>; a file uploaded again is renamed UDPServer-1.py,
// UDPServer-2.py..., and the older names stay in the download holding the older attempts
function writeCanvasFiles(root: string, files: readonly FixtureFile[], student: FixtureStudent, userId: string, submissionId: string): void {
  const prefix = `${sortableName(student.name)}${student.late ? '_LATE' : ''}_${userId}_${submissionId}_`
  if (student.archive) {
    writeArchiveOf(join(root, `${prefix}hw.${student.archive}`), files, undefined)
    return
  }
  const attempts = student.resubmissions ?? 0
  for (const file of files) {
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      writeFileSync(join(root, `${prefix}${versioned(file.name, attempt)}`), `raise SystemExit("older attempt ${attempt}: not the one to grade")\n`)
    }
    writeFileSync(join(root, `${prefix}${versioned(file.name, attempts)}`), file.text)
  }
}

// "UDPServer.py" for attempt 0, "UDPServer-2.py" for attempt 2
function versioned(name: string, attempt: number): string {
  if (attempt === 0) return name
  const dot = name.lastIndexOf('.')
  return dot > 0 ? `${name.slice(0, dot)}-${attempt}${name.slice(dot)}` : `${name}-${attempt}`
}

// Canvas's sortable name, squashed into the file name: "John Smith" → "smithjohn"
export function sortableName(name: string): string {
  const words = name.toLowerCase().split(/\s+/).filter(Boolean)
  const ordered = words.length > 1 ? [words[words.length - 1], ...words.slice(0, -1)] : words
  return ordered.join('').replace(/[^a-z0-9]/g, '')
}

function gradescopeEntry(student: FixtureStudent): Record<string, unknown> {
  return {
    ':submitters': [{ ':name': student.name, ':sid': student.id, ':email': `${student.id}@example.edu` }],
    ':created_at': `2024-01-${student.late ? '16' : '14'} 23:00:00.000000000 Z`,
    ':score': 0,
    ':status': 'processed',
    ...(student.late ? { ':late': true } : {}),
  }
}
