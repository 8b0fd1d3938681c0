// What the batch pool and its worker processes say to each other over the IPC channel
import type { GradeReport } from '../report.js'

/** Sent to a worker: grade one student. The worker grades one at a time */
export interface GradeRequest {
  readonly type: 'grade'
  readonly studentId: string
  /** The folder to grade, absolute */
  readonly dir: string
  readonly assignment: string
  /** A rubric file of the course's; the bundled rubric when absent */
  readonly rubricPath?: string
  /** A course folder, absolute: opened once by each worker (its assignments and rubric) */
  readonly courseDir?: string
  readonly seed: number
  readonly timeoutScale: number
  readonly isolation: 'sandbox' | 'host'
}

/** Sent back by a worker when a grading is over: its report, or the grader's own failure */
export type GradeDone =
  | { readonly type: 'report'; readonly studentId: string; readonly report: GradeReport }
  | { readonly type: 'failed'; readonly studentId: string; readonly message: string; readonly stack?: string }
