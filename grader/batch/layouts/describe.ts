import type { LayoutScan, StudentSubmission } from '../types.js'
import { printable } from './printable.js'

// A class this big or smaller is listed student by student; a bigger one only by its flagged students
const LIST_ALL_UP_TO = 30
const FILES_SHOWN = 4

// The text printed before grading: the layout and why, how many students, and who needs a look; ends in a newline.
// Names, ids, file names, reasons and warnings come from the students' files: made printable first, one line each
export function describeScan(scan: LayoutScan): string {
  const students = scan.students.map(printableStudent)
  const notGradable = students.filter((s) => s.notGradableReason)
  const flagged = students.filter((s) => s.flags.length && !s.notGradableReason)
  const lines = [`Layout: ${scan.layout}${scan.detection ? ` (${printable(scan.detection)})` : ''}`]
  const counts = [flagged.length ? `${flagged.length} flagged` : '', notGradable.length ? `${notGradable.length} not gradable` : ''].filter(Boolean)
  lines.push(`${students.length} student${students.length === 1 ? '' : 's'}${counts.length ? `: ${counts.join(', ')}` : ''}`)
  const shown = students.length <= LIST_ALL_UP_TO ? students : students.filter((s) => s.flags.length || s.notGradableReason)
  const idWidth = Math.min(20, Math.max(0, ...shown.map((s) => s.id.length)))
  const nameWidth = Math.min(24, Math.max(0, ...shown.map((s) => s.name.length)))
  for (const student of shown) lines.push(`  ${student.id.padEnd(idWidth)}  ${student.name.padEnd(nameWidth)}  ${studentSummary(student)}`)
  if (shown.length < students.length) lines.push(`  … and ${students.length - shown.length} more with nothing to report`)
  for (const warning of scan.warnings) lines.push(`Warning: ${printable(warning)}`)
  return `${lines.join('\n')}\n`
}

// "UDPClient.py, UDPServer.py [late, ambiguous]" or "not gradable: Refused ..."
function studentSummary(student: StudentSubmission): string {
  if (student.notGradableReason) return `not gradable: ${student.notGradableReason}`
  const files = student.files.length ? student.files.slice(0, FILES_SHOWN).join(', ') + (student.files.length > FILES_SHOWN ? `, +${student.files.length - FILES_SHOWN} more` : '') : 'no files'
  return student.flags.length ? `${files}  [${student.flags.join(', ')}]` : files
}

function printableStudent(student: StudentSubmission): StudentSubmission {
  return {
    ...student,
    id: printable(student.id),
    name: printable(student.name),
    files: student.files.map(printable),
    ...(student.notGradableReason ? { notGradableReason: printable(student.notGradableReason) } : {}),
  }
}
