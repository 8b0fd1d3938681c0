// The batch's data model: what a layout finds, what a grading appends, what every output is drawn from
import type { GradeReport } from '../report.js'

/** How a course's system exported the class */
export type LayoutName = 'dirs' | 'archives' | 'canvas' | 'moodle' | 'gradescope' | 'classroom'
export const LAYOUT_NAMES: readonly LayoutName[] = ['dirs', 'archives', 'canvas', 'moodle', 'gradescope', 'classroom']

/** Something a layout noticed about one student that a TA should see before trusting the grade */
export type StudentFlag =
  /** No file at all, or no program file */
  | 'empty'
  /** Submitted after the deadline (Canvas `_LATE_`, Gradescope's metadata) */
  | 'late'
  /** Two candidate pairs of programs, or files the layout could not attribute: graded, but check by hand */
  | 'ambiguous'
  /** The folder holds another student's name or id */
  | 'other-student'
  /** An archive that was refused (zip-slip, link out, bomb, corrupt): left out with a note, and the student not gradable
   * only when it was the whole submission */
  | 'archive-refused'

/** One student's work as a layout found it: what the batch grades and what the TA is told about it */
export interface StudentSubmission {
  /** Stable and unique within the class (Canvas/Moodle user id, Gradescope submission id, GitHub username,
   * folder name): used for sharding, resume, ordering and file names */
  readonly id: string
  /** The student's name where the layout has one, else the id */
  readonly name: string
  /** The folder to grade, absolute: the original folder, or one built under the staging folder (Canvas, archives) */
  readonly dir: string
  /** Files taken for grading, relative to `dir`, sorted */
  readonly files: readonly string[]
  /** What the layout decided, in sentences: "late", "resubmission 2 taken: UDPServer-2.py", "left out: ..." */
  readonly notes: readonly string[]
  readonly flags: readonly StudentFlag[]
  /** Set when the layout alone makes the student not gradable (a refused archive, nothing submitted) */
  readonly notGradableReason?: string
  /** Who handed it in, where the export says (Gradescope's metadata: a group has several): what a grade import matches */
  readonly contacts?: readonly StudentContact[]
}

/** A submitter as the course's system knows them */
export interface StudentContact {
  readonly name: string
  /** The student id in the course's system (Gradescope's SID) */
  readonly sid?: string
  readonly email?: string
}

/** What a layout found under the class folder */
export interface LayoutScan {
  readonly layout: LayoutName
  /** Sorted by id */
  readonly students: readonly StudentSubmission[]
  /** About the class, not one student: files that belong to nobody, a metadata file that does not parse */
  readonly warnings: readonly string[]
  /** How the layout was chosen, for the text printed before grading: "auto: 24 files named <name>_<userid>_..." */
  readonly detection?: string
}

/** The student as recorded in the results: no absolute path, so shards graded on other machines compare equal */
export type RecordedStudent = Omit<StudentSubmission, 'dir'>

/** One line of results.jsonl: one student, graded once */
export interface BatchEntry {
  readonly student: RecordedStudent
  readonly report: GradeReport
}

/** What a batch was run with: two outputs can be merged or resumed only when these agree */
export interface BatchSettings {
  readonly version: 1
  readonly sockgradeVersion: string
  readonly assignment: string
  /** sha256 of the checks graded (ids, probes, params, points, visibility...), not of the file's bytes */
  readonly rubricHash: string
  /** Where the rubric came from: "bundled rubric.yaml" or the path given */
  readonly rubricSource: string
  /** The course folder (--course), absolute; absent when only bundled assignments were known. A resume reuses it */
  readonly course?: string
  readonly seed: number
  readonly timeoutScale: number
  /** The isolation that was used: `sandbox` or `host` */
  readonly isolation: 'sandbox' | 'host'
  readonly layout: LayoutName
  /** This run's slice of the class; absent for a whole class */
  readonly shard?: { readonly index: number; readonly count: number }
  /** How many students the class folder held, before sharding */
  readonly classSize?: number
  /** sha256 of every id of the class folder, sorted, before sharding: shards of one class agree on it */
  readonly classHash?: string
  /** What the layout said about the class folder (entries it left out, a metadata file that did not parse): kept so
   * the outputs show what was not graded, not only the terminal */
  readonly classWarnings?: readonly string[]
  /** The ids this run grades (after sharding), sorted: how a merge knows a shard is complete */
  readonly students: readonly string[]
}

/** One histogram bar: students whose base percentage is in [fromPercent, toPercent) (the last bar includes 100) */
export interface HistogramBin {
  readonly fromPercent: number
  readonly toPercent: number
  readonly count: number
}

/** How the class did on one check */
export interface CheckSummary {
  readonly id: string
  readonly name: string
  /** 0 for an advisory check */
  readonly maxScore: number
  /** Earned on top of the maximum: not earning it is no failure */
  readonly extraCredit?: boolean
  readonly passed: number
  readonly failed: number
  readonly skipped: number
  /** passed / (students graded), 0..1 */
  readonly passRate: number
}

/** The class at a glance: what the summary on stdout, results.json and report.html show */
export interface ClassSummary {
  readonly students: number
  readonly fullMarks: number
  /** Graded, some points earned, not full marks */
  readonly partial: number
  /** Graded and earned nothing */
  readonly zero: number
  readonly notGradable: number
  /** Reports with a harnessError: the grader failed on them */
  readonly graderErrors: number
  readonly maxScore: number
  /** Over gradable students, base score (no extra credit) */
  readonly meanScore: number
  readonly medianScore: number
  /** Ten bins of 10 percentage points */
  readonly histogram: readonly HistogramBin[]
  /** Every check: those that carry points first, the lowest pass rate first; then extra credit, then advisory */
  readonly checks: readonly CheckSummary[]
}

/** A finished batch: everything results.json holds and every output is rendered from */
export interface BatchResults {
  readonly settings: BatchSettings
  readonly summary: ClassSummary
  /** Sorted by student id */
  readonly entries: readonly BatchEntry[]
}
