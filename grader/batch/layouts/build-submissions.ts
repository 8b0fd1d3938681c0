import { join } from 'node:path'
import type { Assignment } from '../../assignments/assignment.js'
import { NotGradableError } from '../../errors.js'
import { fileErrorText } from '../../fs-errors.js'
import { listFiles } from '../../submission/list-files.js'
import type { StudentFlag, StudentSubmission } from '../types.js'
import { ambiguityNote, hasProgram } from './ambiguity.js'
import type { FoundStudent } from './found.js'
import { linkOut, linksIn, linkText } from './links.js'
import { otherStudentNotes, type Identity } from './other-student.js'
import { stageStudent } from './stage.js'
import { uniqueIds } from './student-id.js'

// Turn what a layout found into the students the batch grades: safe unique ids, staged folders, files, flags and
// notes; sorted by id
export async function buildSubmissions(found: readonly FoundStudent[], stagingDir: string, assignment: Assignment): Promise<StudentSubmission[]> {
  const ordered = [...found].sort((a, b) => compare(a.rawId, b.rawId) || compare(a.folder ?? a.archive ?? '', b.folder ?? b.archive ?? ''))
  const ids = uniqueIds(ordered.map((f) => f.rawId))
  const identities: Identity[] = ordered.map((f, i) => ({ id: ids[i] ?? f.rawId, names: [...new Set([f.name, f.rawId, ...(f.aliases ?? [])])] }))
  const students: StudentSubmission[] = []
  for (const [index, student] of ordered.entries()) {
    const identity = identities[index] as Identity
    const others = identities.filter((_, i) => i !== index)
    students.push(await buildOne(student, identity, others, stagingDir, assignment).catch((error: unknown) => failed(student, identity, stagingDir, error)))
  }
  return students.sort((a, b) => compare(a.id, b.id))
}

async function buildOne(found: FoundStudent, identity: Identity, others: readonly Identity[], stagingDir: string, assignment: Assignment): Promise<StudentSubmission> {
  if (found.notGradableReason) {
    const flags = new Set<StudentFlag>(['empty', ...(found.late ? (['late'] as const) : [])])
    return { id: identity.id, name: found.name, ...contactsOf(found), dir: found.folder ?? join(stagingDir, identity.id), files: [], notes: [...found.notes], flags: ordered(flags), notGradableReason: found.notGradableReason }
  }
  const staged = await stageStudent(found, identity.id, stagingDir)
  const flags = new Set<StudentFlag>()
  const notes = [...found.notes, ...staged.notes]
  if (found.late) flags.add('late')
  if (found.late && !notes.some((n) => n.startsWith('late'))) notes.unshift('late')
  const base = { id: identity.id, name: found.name, ...contactsOf(found), dir: staged.dir }
  if (staged.refused.length) flags.add('archive-refused')
  if (staged.notGradableReason) {
    return { ...base, files: [], notes, flags: ordered(flags), notGradableReason: staged.notGradableReason }
  }
  let files: string[]
  try {
    files = listFiles(staged.dir, identity.id).sort(compare)
  } catch (error) {
    if (!(error instanceof NotGradableError)) throw error
    return { ...base, files: [], notes, flags: ordered(flags.add('empty')), notGradableReason: error.message }
  }
  // The grader follows links only within the submission: one that leads out is no file of the student's
  const linksOut = files.map((file) => linkOut(staged.dir, file)).filter((link) => link !== undefined)
  files = files.filter((file) => !linksOut.some((link) => link.path === file))
  if (!files.length) return { ...base, files, notes, flags: ordered(flags.add('empty')), notGradableReason: nothingSubmitted(staged.dir) }
  if (linksOut.length) notes.push(`left out ${listed(linksOut.map(linkText))} (links out of the submission are not followed)`)
  if (!hasProgram(files)) {
    flags.add('empty')
    notes.push(`no program file: ${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}`)
  }
  const ambiguous = ambiguityNote(files, assignment)
  if (ambiguous) {
    flags.add('ambiguous')
    notes.push(ambiguous)
  }
  const foreign = otherStudentNotes(files, identity, others)
  if (foreign.length) {
    flags.add('other-student')
    notes.push(...foreign)
  }
  return { ...base, files, notes, flags: ordered(flags) }
}

// Why a student with no file is not gradable: nothing at all, or only links (which the grader does not follow)
function nothingSubmitted(dir: string): string {
  const links = linksIn(dir)
  if (!links.length) return 'Nothing submitted: the submission has no files'
  return `Nothing submitted: the folder holds only links, which are not followed: ${listed(links.map(linkText))}`
}

// The first five, then "and N more"
function listed(items: readonly string[]): string {
  return items.slice(0, 5).join(', ') + (items.length > 5 ? `, and ${items.length - 5} more` : '')
}

// A student whose submission could not be read or staged for a reason staging did not foresee: not gradable, with
// the failure in words; the rest of the class goes on
function failed(found: FoundStudent, identity: Identity, stagingDir: string, error: unknown): StudentSubmission {
  const notes = found.late ? ['late', ...found.notes] : [...found.notes]
  const reason = error instanceof NotGradableError ? error.message : `Could not prepare the submission for grading: ${fileErrorText(error)}`
  return { id: identity.id, name: found.name, ...contactsOf(found), dir: join(stagingDir, identity.id), files: [], notes, flags: found.late ? ['late'] : [], notGradableReason: reason }
}

const FLAG_ORDER: readonly StudentFlag[] = ['archive-refused', 'empty', 'late', 'ambiguous', 'other-student']

function ordered(flags: ReadonlySet<StudentFlag>): StudentFlag[] {
  return FLAG_ORDER.filter((f) => flags.has(f))
}

// By UTF-16 code unit: the same order on every machine and in every locale
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// The submitters the export named, when it did
function contactsOf(found: FoundStudent): Pick<StudentSubmission, 'contacts'> {
  return found.contacts?.length ? { contacts: found.contacts } : {}
}
