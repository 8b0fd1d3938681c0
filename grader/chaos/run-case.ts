import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gradeSubmission } from '../grade-submission.js'
import type { GradeReport } from '../report.js'
import { folderDigest } from './folder-digest.js'
import { generateSubmission } from './generate.js'
import { killSurvivors, survivorsAfterGrading, watchForToken } from './survivors.js'

/** One generated submission graded in one isolation mode */
export interface ChaosCase {
  readonly seed: number
  readonly assignment: string
  readonly mode: 'host' | 'sandbox'
}

/** Which invariant of issue 6 a grading broke */
export type Invariant = 'report-on-time' | 'nothing-left' | 'folder-unchanged' | 'same-verdict' | 'no-grader-error' | 'no-exception'

export interface Violation {
  readonly invariant: Invariant
  readonly detail: string
}

export interface CaseOutcome {
  readonly case: ChaosCase
  /** What was injected where */
  readonly summary: string
  readonly violations: readonly Violation[]
  /** "score/maxScore" of the first grading, or what happened instead */
  readonly verdict: string
  /** Wall time of each grading */
  readonly wallMs: readonly number[]
  /** Whether a process of the submission was seen running during each grading (the token reached it) */
  readonly seen: readonly boolean[]
}

// A report must arrive within its own deadline plus this
export const REPORT_MARGIN_MS = 2_000
// When no report has come by then, the grading counts as hung and the case moves on (the sandbox's old fixed
// deadline was 5 minutes; a rubric's computed deadline is far below this)
const HUNG_AFTER_MS = 150_000

// Generate the case's submission, grade it twice with the same seed, and check every invariant on both gradings
export async function runCase(c: ChaosCase, scratch: string, tokenPrefix = TOKEN_PREFIX): Promise<CaseOutcome> {
  const submission = generateSubmission(c.seed, c.assignment)
  const dir = mkdtempSync(join(scratch, `${c.assignment}-${c.seed}-${c.mode}-`))
  try {
    for (const [name, text] of Object.entries(submission.files)) writeFileSync(join(dir, name), text)
    const violations: Violation[] = []
    const first = await gradeOnce(dir, c, violations, tokenPrefix)
    const second = await gradeOnce(dir, c, violations, tokenPrefix)
    if (first.report && second.report) {
      const changed = verdictChanges(first.report, second.report)
      if (changed) violations.push({ invariant: 'same-verdict', detail: `graded again with seed ${c.seed}: ${changed}` })
    }
    const verdict = first.report ? `${first.report.score}/${first.report.maxScore}` : 'no report'
    return { case: c, summary: submission.summary, violations: dedupe(violations), verdict, wallMs: [first.wallMs, second.wallMs], seen: [first.seen, second.seen] }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** What every grading's token starts with: a run's own prefix finds every program of that run */
export const TOKEN_PREFIX = 'sockgrade-chaos-'

interface Graded {
  readonly report?: GradeReport
  readonly wallMs: number
  readonly seen: boolean
}

// One grading with a fresh token: on time, no error, nothing left, folder unchanged
async function gradeOnce(dir: string, c: ChaosCase, violations: Violation[], tokenPrefix: string): Promise<Graded> {
  const token = `${tokenPrefix}${randomUUID()}`
  writeFileSync(join(dir, 'token.txt'), token)
  const before = folderDigest(dir)
  const started = Date.now()
  const watch = watchForToken(token)
  let report: GradeReport | undefined
  try {
    report = await withHangGuard(gradeSubmission({ submission: dir, assignment: c.assignment, seed: c.seed, isolation: c.mode }))
    if (!report) violations.push({ invariant: 'report-on-time', detail: `no report after ${HUNG_AFTER_MS / 1000} s` })
  } catch (error) {
    violations.push({ invariant: 'no-exception', detail: `gradeSubmission threw: ${error instanceof Error ? error.message : String(error)}` })
  }
  const wallMs = Date.now() - started
  watch.stop()
  if (report) violations.push(...reportViolations(report, wallMs))
  const survivors = await survivorsAfterGrading(token)
  if (survivors.length > 0) {
    violations.push({ invariant: 'nothing-left', detail: `${survivors.length} process(es) left 2 s after the report: ${survivors.map((s) => `${s.pid} (${s.state})`).join(', ')}` })
    killSurvivors(token)
  }
  if (folderDigest(dir) !== before) violations.push({ invariant: 'folder-unchanged', detail: 'the submission folder changed while it was graded' })
  return { report, wallMs, seen: watch.seen }
}

// The invariants read from a report itself: its deadline was kept, and the grader did not fail
function reportViolations(report: GradeReport, wallMs: number): Violation[] {
  const found: Violation[] = []
  // Read as possibly absent: a report from a worker of an older build may lack it
  const deadlineMs: unknown = report.deadlineMs
  if (typeof deadlineMs !== 'number') found.push({ invariant: 'report-on-time', detail: 'report has no deadlineMs' })
  else if (wallMs > deadlineMs + REPORT_MARGIN_MS) found.push({ invariant: 'report-on-time', detail: `report after ${wallMs} ms, deadline ${deadlineMs} ms + ${REPORT_MARGIN_MS} ms` })
  if (report.harnessError) found.push({ invariant: 'no-grader-error', detail: `harnessError: ${oneLine(report.harnessError.message)}` })
  for (const check of report.checks.filter((c) => c.status === 'error')) found.push({ invariant: 'no-grader-error', detail: `check ${check.id} is an error: ${oneLine(check.message)}` })
  return found
}

// What differs between two gradings of the same submission with the same seed (gradable, score, each check's
// status), in words; empty when nothing does
function verdictChanges(first: GradeReport, second: GradeReport): string {
  const changes: string[] = []
  if (first.gradable !== second.gradable) changes.push(`gradable ${first.gradable} then ${second.gradable}`)
  if (first.score !== second.score) changes.push(`score ${first.score} then ${second.score}`)
  const statusOf = (report: GradeReport, id: string) => report.checks.find((c) => c.id === id)?.status ?? 'absent'
  // The message of the grading where the check did not pass: what to look at when replaying does not reproduce it
  const why = (id: string) => {
    const message = [first, second].map((r) => r.checks.find((c) => c.id === id)).find((c) => c && c.status !== 'passed')?.message ?? ''
    return message ? ` ("${message.length > 160 ? `${message.slice(0, 160)}…` : message}")` : ''
  }
  const ids = [...new Set([...first.checks, ...second.checks].map((c) => c.id))]
  for (const id of ids) if (statusOf(first, id) !== statusOf(second, id)) changes.push(`${id} ${statusOf(first, id)} then ${statusOf(second, id)}${why(id)}`)
  return changes.join('; ')
}

function withHangGuard<T>(work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const guard = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, HUNG_AFTER_MS, undefined)))
  return Promise.race([work, guard]).finally(() => clearTimeout(timer))
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 200 ? `${line.slice(0, 197)}...` : line
}

// The same violation seen in both gradings is reported once
function dedupe(violations: readonly Violation[]): Violation[] {
  const seen = new Set<string>()
  return violations.filter((v) => !seen.has(`${v.invariant}\0${v.detail}`) && seen.add(`${v.invariant}\0${v.detail}`))
}
