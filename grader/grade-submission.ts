import { resolve } from 'node:path'
import { findAssignment, bundledAssignments } from './assignments/load.js'
import { UsageError } from './errors.js'
import { grade } from './grade.js'
import { defaultRubricPath } from './paths.js'
import type { GradeReport } from './report.js'
import { loadRubricFile } from './rubric/load.js'
import type { Rubric } from './rubric/rubric.js'

export interface GradeSubmissionOptions {
  readonly submission: string
  /** How the report names the submission; the path when absent */
  readonly label?: string
  readonly assignment: string
  /** A loaded rubric; the bundled rubric.yaml when absent */
  readonly rubric?: Rubric
  readonly seed?: number
  readonly timeoutScale?: number
}

let defaultRubric: Rubric | undefined

// The bundled rubric.yaml, loaded once
export function bundledRubric(): Rubric {
  defaultRubric ??= loadRubricFile(defaultRubricPath, 'rubric.yaml')
  return defaultRubric
}

// Grade a submission folder against an assignment id: the entry point for the CLI, the demo and tests
export async function gradeSubmission(options: GradeSubmissionOptions): Promise<GradeReport> {
  const assignment = findAssignment(options.assignment)
  if (!assignment) throw new UsageError(`Unknown assignment "${options.assignment}" (known: ${[...bundledAssignments().keys()].join(', ')})`)
  const rubric = options.rubric ?? bundledRubric()
  const checks = rubric.assignments.get(assignment.id)
  if (!checks) throw new UsageError(`The rubric "${rubric.source}" has no checks for assignment "${assignment.id}"`)
  return grade({ submission: resolve(options.submission), label: options.label ?? options.submission, assignment, checks, seed: options.seed ?? 1, timeoutScale: options.timeoutScale ?? 1 })
}
