import { basePercent, baseScore, type GradeReport } from '../report.js'
import { cleanText } from '../reporters/clean.js'
import type { BatchEntry, BatchResults } from './types.js'
import { statusLabel, studentStatus } from './student-counts.js'

export type CsvFormat = 'default' | 'canvas' | 'moodle' | 'gradescope'
export const CSV_FORMATS: readonly CsvFormat[] = ['default', 'canvas', 'moodle', 'gradescope']

/** A cell: text is quoted and neutralised as needed, a number is written as it is, undefined is an empty cell */
type Cell = string | number | undefined

// A byte-order mark first, so Excel reads the file as UTF-8 (names with accents, CJK) instead of the ANSI code page
const BOM = '\uFEFF'
// RFC 4180: records end with CRLF
const EOL = '\r\n'

// The grades as CSV for a spreadsheet (default) or shaped for an LMS grade import. Rows follow the entries'
// order (sorted by student id). A student the grader failed on gets an empty score, never a 0 they did not earn:
// an LMS import leaves an empty cell's grade unchanged, and the TA sees "grader error" in the default file
export function gradesCsv(results: BatchResults, format: CsvFormat): string {
  const rows = ROWS[format](results)
  return BOM + rows.map((row) => row.map(csvCell).join(',') + EOL).join('')
}

const ROWS: Record<CsvFormat, (results: BatchResults) => Cell[][]> = {
  // student, id, score (no extra credit), extra, max, percent (of max, no extra credit), status, flags, then one
  // column per check (by id, rubric order) with the points earned: 0 for a skipped or failed check, and for every
  // check of a not-gradable student; empty for a student the grader failed on
  default({ entries }) {
    const checks = checkColumns(entries)
    return [
      ['student', 'id', 'score', 'extra', 'max', 'percent', 'status', 'flags', ...checks],
      ...entries.map(({ student, report }) => {
        const failed = report.harnessError !== undefined
        const points = new Map(report.checks.map((c) => [c.id, c.score]))
        return [
          student.name,
          student.id,
          failed ? undefined : round(baseScore(report)),
          failed ? undefined : round(report.extraScore),
          report.maxScore,
          failed ? undefined : round(basePercent(report), 2),
          status(report),
          student.flags.join(' '),
          ...checks.map((id) => (failed ? undefined : points.get(id))),
        ]
      }),
    ]
  },
  // Canvas Gradebook import: "Student, ID, SIS User ID, SIS Login ID, Section" then one column per assignment,
  // headed by its name (a name Canvas does not know creates a new assignment). Canvas matches rows on ID, the
  // Canvas user id, which the canvas layout takes from the bulk download's file names. Source: "Import a CSV
  // File into Carmen Grades", Ohio State Teaching & Learning Resource Center,
  // https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades
  // ("Student Name OR Student ID OR Student SIS User ID ... SIS Login ID ... Section ... Assignment Name").
  // The score includes extra credit: Canvas takes points above the maximum
  canvas({ settings, entries }) {
    return [
      ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', settings.assignment],
      ...entries.map(({ student, report }) => [student.name, student.id, '', '', '', lmsScore(report)]),
    ]
  },
  // Moodle assignment "Offline grading worksheet" upload: the importer (mod/assign/feedback/offline/importgradeslib.php,
  // https://github.com/moodle/moodle) needs the columns "Identifier" ("Participant <id>", the participant id the
  // Moodle download names each folder with), "Grade" and "Last modified (grade)" (lang strings recordid, grade,
  // lastmodifiedgrade), or refuses the file. "Last modified (grade)" is left empty: outputs never read the clock.
  // locallib.php process_import_grades() then skips a student whose grade was already set unless the TA ticks
  // "ignore modified"; it skips an empty grade and one above the assignment's maximum, so extra credit is capped
  moodle({ entries }) {
    return [
      ['Identifier', 'Full name', 'Grade', 'Last modified (grade)'],
      ...entries.map(({ student, report }) => {
        const score = lmsScore(report)
        return [`Participant ${student.id}`, student.name, score === undefined ? undefined : Math.min(score, report.maxScore), '']
      }),
    ]
  },
  // Gradescope: shaped like Gradescope's own assignment scores export ("Name, SID, Email, Total Score, Max Points,
  // ... Submission ID"), whose "SID" and "Total Score" columns grade-sync scripts read (for example
  // https://gist.github.com/havron/554d0ffaec20a466a7f8ecca4d76c5da). No public page documents a Gradescope
  // score upload CSV. SID and Email come from submission_metadata.yml (empty for another layout); a group submission
  // gives one row per submitter, each with the group's score. Submission ID is the id the gradescope layout reads
  gradescope({ entries }) {
    return [
      ['Name', 'SID', 'Email', 'Total Score', 'Max Points', 'Submission ID'],
      ...entries.flatMap(({ student, report }) =>
        (student.contacts?.length ? student.contacts : [{ name: student.name }]).map((contact) => [contact.name, contact.sid ?? '', contact.email ?? '', lmsScore(report), report.maxScore, student.id]),
      ),
    ]
  },
}

// The check ids of the class, in rubric order (the order they first appear in)
function checkColumns(entries: readonly BatchEntry[]): string[] {
  const ids = new Set<string>()
  for (const { report } of entries) for (const check of report.checks) ids.add(check.id)
  return [...ids]
}

function status(report: GradeReport): string {
  return statusLabel(studentStatus(report)).toLowerCase()
}

// What an LMS gets: every point, extra credit included (as Gradescope counts them); nothing when the grader failed
function lmsScore(report: GradeReport): number | undefined {
  return report.harnessError ? undefined : round(report.score)
}

// 0.1 + 0.2 points would print as 0.30000000000000004
function round(n: number, digits = 4): number {
  const factor = 10 ** digits
  return Math.round(n * factor) / factor
}

// One RFC 4180 field. Text is cleaned as the reporters clean it (a name is a folder's name, which a student chose):
// no terminal sequence (ESC, OSC, CSI), control or bidi character is left, line breaks become "\n". Then text that a
// spreadsheet would run as a formula (it starts with = + - @, a tab or a line break) gets a leading single quote (OWASP
// "CSV Injection"); numbers are never touched, so they stay numbers
export function csvCell(cell: Cell): string {
  if (cell === undefined) return ''
  if (typeof cell === 'number') return String(cell)
  const clean = cleanText(cell)
  const text = /^[=+\-@\t\r\n]/.test(clean) ? `'${clean}` : clean
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}
