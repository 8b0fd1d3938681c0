import { existsSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { addAssignment, bundledAssignments, loadAssignmentsIn } from '../assignments/load.js'
import { UsageError } from '../errors.js'
import { bundledRubric } from '../grade-submission.js'
import { loadRubricFile } from '../rubric/load.js'
import type { Rubric } from '../rubric/rubric.js'

/** The environment variable that names the course folder when --course does not */
export const COURSE_VARIABLE = 'SOCKGRADE_COURSE'

/** A course folder to grade from, and how it was chosen (said on the progress line) */
export interface CourseChoice {
  readonly dir: string
  readonly how: string
}

// The course asked for: --course, else SOCKGRADE_COURSE; relative to the working folder. Undefined: bundled only
export function courseChoice(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): CourseChoice | undefined {
  if (flag !== undefined) return { dir: resolve(cwd, flag), how: '--course' }
  const named = env[COURSE_VARIABLE]
  return named ? { dir: resolve(cwd, named), how: COURSE_VARIABLE } : undefined
}

/** A course made gradable: its rubric over the bundled one, and the ids it adds or overrides */
export interface OpenCourse {
  readonly rubric: Rubric
  readonly ids: readonly string[]
}

// Load a course folder (assignments/<id>/, reference/<id>/, maybe rubric.yaml): its assignments become gradable by id
// in this process, over a bundled one of the same id; its rubric's checks stand for its assignments, the bundled
// rubric's for the rest. A problem in any file is a RubricError with file:line:col
// `keepBundled`: the course only adds assignments, never replaces a bundled one or its checks (a course a submission
// names: a student must not be able to swap uppercase-udp for an exercise of their own making)
export function openCourse(choice: CourseChoice, cwd: string, options: { keepBundled?: boolean } = {}): OpenCourse {
  const { dir } = choice
  const label = relative(cwd, dir) || '.'
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`The course folder "${label}" (from ${choice.how}) does not exist`)
  const assignmentsDir = join(dir, 'assignments')
  if (!existsSync(assignmentsDir)) throw new UsageError(`${join(label, 'assignments')}: not found: a course folder holds assignments/<id>/assignment.yaml and reference/<id>/`)
  const bundledIds = bundledAssignments()
  const assignments = new Map([...loadAssignmentsIn(assignmentsDir, cwd)].filter(([id]) => !(options.keepBundled && bundledIds.has(id))))
  for (const assignment of assignments.values()) addAssignment(assignment)
  const rubricPath = join(dir, 'rubric.yaml')
  const bundled = bundledRubric()
  if (!existsSync(rubricPath)) return { rubric: bundled, ids: [...assignments.keys()] }
  const own = loadRubricFile(rubricPath, relative(cwd, rubricPath), new Map([...bundledAssignments(), ...assignments]))
  const ownChecks = [...own.assignments].filter(([id]) => assignments.has(id) || !options.keepBundled)
  return { rubric: { source: own.source, assignments: new Map([...bundled.assignments, ...ownChecks]) }, ids: [...assignments.keys()] }
}
