import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { UsageError } from '../../errors.js'
import { cleanText, truncate } from '../../reporters/clean.js'

/** Where PrairieLearn puts an external grading job's files, under one root (/grade in its container) */
export interface GradeJobPaths {
  readonly root: string
  /** The student's files, as uploaded */
  readonly student: string
  /** The question's data object (params, variant_seed, submitted_answers, ...) */
  readonly data: string
  readonly results: string
}

/** PrairieLearn's grading root in its container; SOCKGRADE_GRADE_ROOT or --grade-root move it (tests) */
export const DEFAULT_GRADE_ROOT = '/grade'
export const GRADE_ROOT_VARIABLE = 'SOCKGRADE_GRADE_ROOT'
/** The data.json params field that names the assignment, for a question whose server.py chooses it */
export const ASSIGNMENT_PARAM = 'sockgrade_assignment'

export function gradeJobPaths(root: string): GradeJobPaths {
  return { root, student: join(root, 'student'), data: join(root, 'data', 'data.json'), results: join(root, 'results', 'results.json') }
}

/** What sockgrade takes from data.json */
export interface JobData {
  /** params.sockgrade_assignment */
  readonly assignment?: string
  /** variant_seed, folded into the seeds sockgrade accepts: the same variant gets the same inputs */
  readonly seed?: number
}

// The assignment and seed from data.json. A job without data.json (a hand-made test tree) has neither; a data.json
// that is not JSON is a grader set-up error
export function readJobData(path: string): JobData {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return {}
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`Cannot read ${path}: not JSON (${(error as Error).message})`)
  }
  const object = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {})
  const assignment = object(object(data).params)[ASSIGNMENT_PARAM]
  if (assignment !== undefined && typeof assignment !== 'string') throw new UsageError(`${path}: params.${ASSIGNMENT_PARAM} must be a string, not ${JSON.stringify(assignment)}`)
  const variantSeed = object(data).variant_seed
  const seed = typeof variantSeed === 'number' && Number.isFinite(variantSeed) ? Math.abs(Math.trunc(variantSeed)) % 2 ** 31 : undefined
  return { ...(assignment ? { assignment } : {}), ...(seed !== undefined ? { seed } : {}) }
}

const FAILED = 'The autograder failed: contact course staff. This is not a problem with your submission, and this attempt was not counted'
const DETAIL_CHARS = 4000

// results.json when sockgrade could not grade at all (no assignment, a broken rubric, an internal error): not
// gradable, so PrairieLearn takes no points and does not count the attempt, with the reason for course staff
export function failureResults(detail: string): string {
  const text = truncate(cleanText(detail), DETAIL_CHARS)
  const results = {
    gradable: false,
    score: 0,
    message: `${FAILED}.\n\n${text}`,
    format_errors: [FAILED],
    tests: [{ name: 'The autograder failed; contact course staff', description: 'sockgrade could not grade this submission', points: 0, max_points: 0, message: text, output: '' }],
  }
  return `${JSON.stringify(results, null, 2)}\n`
}
