import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { findAssignment, bundledAssignments } from './assignments/load.js'
import type { Assignment } from './assignments/assignment.js'
import { UsageError } from './errors.js'
import { gradingDeadlineMs } from './deadline.js'
import type { GradeJob } from './grade.js'
import { unfinishedReport } from './unfinished-report.js'
import { defaultRubricPath } from './paths.js'
import { bundledPrecompiled } from './precompiled/precompiled.js'
import { probeNamed } from './probes/index.js'
import { resolvePython } from './process/python.js'
import type { GradeReport } from './report.js'
import { loadRubricFile } from './rubric/load.js'
import type { Rubric, RubricCheck } from './rubric/rubric.js'
import { chooseIsolation, type IsolationChoice, type IsolationRequest } from './sandbox/detect.js'
import { gradeInSandbox } from './sandbox/grade-in-sandbox.js'

export interface GradeSubmissionOptions {
  readonly submission: string
  /** How the report names the submission; the path when absent */
  readonly label?: string
  readonly assignment: string
  /** A loaded rubric; the bundled rubric.yaml when absent */
  readonly rubric?: Rubric
  readonly seed?: number
  readonly timeoutScale?: number
  /** `host` when absent: free ports on this machine, the Python shim for hard-coded ports */
  readonly isolation?: IsolationRequest
  /** Grade one side only, against the grader's own peer */
  readonly only?: 'server' | 'client'
  // Told which isolation was chosen and why (the CLI prints it on stderr)
  readonly onIsolation?: (choice: IsolationChoice) => void
  /** Overrides the deadline computed from the rubric (tests of what happens when a grading reaches it) */
  readonly deadlineMs?: number
}

let defaultRubric: Rubric | undefined

// The bundled rubric.yaml, loaded once: as validated when the package was built, else parsed and validated now
export function bundledRubric(): Rubric {
  defaultRubric ??= bundledPrecompiled()?.rubric ?? loadRubricFile(defaultRubricPath, 'rubric.yaml')
  return defaultRubric
}

/** A grading ready to run: its job (deadline included) and where it runs */
export interface PreparedGrading {
  readonly job: GradeJob & { readonly deadlineMs: number; readonly startedAt: number }
  readonly isolation: IsolationChoice
}

// Check the options and build the grading's job, its deadline computed now so the sandbox's start counts
export async function prepareGrading(options: GradeSubmissionOptions): Promise<PreparedGrading> {
  const assignment = findAssignment(options.assignment)
  if (!assignment) throw new UsageError(`Unknown assignment "${options.assignment}" (known: ${[...bundledAssignments().keys()].join(', ')})`)
  const rubric = options.rubric ?? bundledRubric()
  const checks = rubric.assignments.get(assignment.id)
  if (!checks) throw new UsageError(`The rubric "${rubric.source}" has no checks for assignment "${assignment.id}"`)
  const isolation = await chooseIsolation(options.isolation ?? 'host')
  options.onIsolation?.(isolation)
  const unbounded: GradeJob = {
    submission: resolve(options.submission),
    label: options.label ?? options.submission,
    assignment,
    checks: options.only ? checksOfSide(checks, options.only) : checks,
    seed: options.seed ?? 1,
    timeoutScale: options.timeoutScale ?? 1,
    startedAt: Date.now(),
  }
  // One deadline for the whole grading, so the sandbox's start counts and the parent can enforce it
  const deadlineMs = options.deadlineMs ?? gradingDeadlineMs(unbounded)
  return { job: { ...unbounded, deadlineMs, startedAt: unbounded.startedAt as number }, isolation }
}

// Grade a submission folder against an assignment id: the entry point for the CLI, the demo and tests
export async function gradeSubmission(options: GradeSubmissionOptions): Promise<GradeReport> {
  const { job, isolation } = await prepareGrading(options)
  // A folder that is not there gets its not-gradable report without a sandbox to mount it in
  if (isolation.mode === 'host' || !isFolder(job.submission)) return gradeOnHost(job)
  const python = (await resolvePython()).executable
  try {
    return await gradeInSandbox(job, { python, backend: isolation.backend })
  } catch (error) {
    // The sandbox or its worker died (a student program killed it, or bwrap failed), or it passed its deadline:
    // still a report
    return unfinishedReport(job, error, { started: job.startedAt, deadlineMs: job.deadlineMs })
  }
}

// The grading code is loaded only where it runs: in sandbox mode it runs in the worker, not here
export async function gradeOnHost(job: GradeJob): Promise<GradeReport> {
  const { grade } = await import('./grade.js')
  return grade(job)
}

// True for a folder that exists (a submission path that is a file or missing gets its not-gradable report elsewhere)
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

// The checks of one side, with prerequisites on the other side dropped
function checksOfSide(checks: readonly RubricCheck[], side: 'server' | 'client'): RubricCheck[] {
  const kept = checks.filter((c) => probeNamed(c.probe)?.side === side)
  const ids = new Set(kept.map((c) => c.id))
  return kept.map((c) => ({ ...c, requires: c.requires.filter((id) => ids.has(id)) }))
}
