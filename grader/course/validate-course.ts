import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { addAssignment, bundledAssignments, loadAssignmentFolder, loadAssignmentsIn } from '../assignments/load.js'
import type { Assignment } from '../assignments/assignment.js'
import { RubricError } from '../errors.js'
import type { Example } from '../examples.js'
import { bundledRubric, gradeSubmission } from '../grade-submission.js'
import { lostCheckIds, type GradeReport } from '../report.js'
import { loadRubricFile } from '../rubric/load.js'
import type { Rubric } from '../rubric/rubric.js'
import type { IsolationChoice } from '../sandbox/detect.js'
import { examplesOfAssignment } from './reference-examples.js'

/** An instructor's assignments to prove: each folder with its assignment.yaml, and its reference folder */
export interface CourseLayout {
  readonly assignments: readonly { readonly dir: string; readonly referenceDir: string }[]
  /** Their rubric file, or the bundled rubric when absent */
  readonly rubricPath?: string
  /** Paths in messages are relative to this folder */
  readonly labelRoot: string
}

/** One graded example against its expect.yaml */
export interface ExampleVerdict {
  readonly example: Example
  readonly report: GradeReport
  /** Empty when the grader judged it as expect.yaml says; else what differs, in words */
  readonly mismatch: string
}

// `course/` holding assignments/<id>/ and reference/<id>/ (and maybe its own rubric.yaml)
export function courseLayout(courseDir: string, labelRoot: string): CourseLayout {
  const assignmentsDir = join(courseDir, 'assignments')
  if (!existsSync(assignmentsDir)) throw new RubricError([`${join(courseDir, 'assignments')}: not found: a course folder holds assignments/<id>/assignment.yaml and reference/<id>/`])
  const ids = [...loadAssignmentsIn(assignmentsDir, labelRoot).keys()]
  const rubric = join(courseDir, 'rubric.yaml')
  return {
    assignments: ids.map((id) => ({ dir: join(assignmentsDir, id), referenceDir: join(courseDir, 'reference', id) })),
    rubricPath: existsSync(rubric) ? rubric : undefined,
    labelRoot,
  }
}

/** The loaded course, ready to grade: a problem in any file is a RubricError (exit 2) */
export interface LoadedCourse {
  readonly assignments: readonly Assignment[]
  readonly rubric: Rubric
  readonly examples: readonly Example[]
}

// Read every assignment, the rubric (which may name them as well as the bundled ones) and the examples; check that
// each example's expect.yaml names checks of the rubric
export function loadCourse(layout: CourseLayout, label: (path: string) => string): LoadedCourse {
  const assignments = layout.assignments.map(({ dir }) => loadAssignmentFolder(dir, layout.labelRoot))
  // A course rubric names every assignment of its course: the ones beside each folder validated are known too
  const siblings = [...new Set(layout.assignments.map(({ dir }) => dirname(dir)))].flatMap((folder) => [...loadAssignmentsIn(folder, layout.labelRoot)])
  const known = new Map([...bundledAssignments(), ...siblings, ...assignments.map((a) => [a.id, a] as const)])
  const rubric = layout.rubricPath ? loadRubricFile(layout.rubricPath, label(layout.rubricPath), known) : bundledRubric()
  const problems: string[] = []
  const examples: Example[] = []
  for (const [i, { referenceDir }] of layout.assignments.entries()) {
    const assignment = assignments[i] as Assignment
    const checks = rubric.assignments.get(assignment.id)
    if (!checks) problems.push(`${rubric.source}: no checks for assignment "${assignment.id}"`)
    if (!existsSync(referenceDir)) {
      problems.push(`${label(referenceDir)}: not found: put the reference solution of "${assignment.id}" there`)
      continue
    }
    // The reference is handed in as a student must hand in theirs: under the file names assignment.yaml gives
    for (const side of ['server', 'client'] as const) {
      const file = assignment[side]?.file
      if (file === undefined) continue
      if (!existsSync(join(referenceDir, file))) problems.push(`${label(referenceDir)}: no ${file}, which assignment.yaml's ${side}: file names: name the reference's files as students must name theirs`)
    }
    for (const example of examplesOfAssignment(assignment.id, referenceDir, layout.labelRoot)) {
      const ids = new Set((checks ?? []).map((c) => c.id))
      if (example.kind === 'broken' && !example.hasExpectation) problems.push(`${example.label}/expect.yaml: not found: list the checks this variant must lose, as "loses: [check-id]"`)
      for (const id of example.loses.filter((id) => checks && !ids.has(id))) problems.push(`${example.label}/expect.yaml: unknown check "${id}" (checks of "${assignment.id}": ${[...ids].join(', ')})`)
      examples.push(example)
    }
  }
  if (problems.length) throw new RubricError(problems)
  return { assignments, rubric, examples }
}

// Grade every example (a few at a time) with isolation auto, and judge each against its expect.yaml
export async function gradeCourse(course: LoadedCourse, options: { seed: number; onIsolation?: (choice: IsolationChoice) => void; onVerdict?: (verdict: ExampleVerdict) => void }): Promise<ExampleVerdict[]> {
  for (const assignment of course.assignments) addAssignment(assignment)
  let told = false
  const onIsolation = (choice: IsolationChoice) => {
    if (!told) options.onIsolation?.(choice)
    told = true
  }
  return mapLimit(course.examples, 2, async (example) => {
    const report = await gradeSubmission({ submission: example.dir, label: example.label, assignment: example.assignment, rubric: course.rubric, seed: example.seed ?? options.seed, isolation: 'auto', onIsolation })
    const verdict = { example, report, mismatch: mismatchOf(example, report) }
    options.onVerdict?.(verdict)
    return verdict
  })
}

// What differs between the report and expect.yaml, in words; "" when nothing does
export function mismatchOf(example: Example, report: GradeReport): string {
  if (!report.gradable) return `not gradable: ${report.notGradableReason ?? 'no reason given'}`
  if (report.harnessError) return `grader error: ${report.harnessError.message}`
  const lost = new Set(lostCheckIds(report))
  const expected = new Set(example.loses)
  const extra = [...lost].filter((id) => !expected.has(id))
  const kept = [...expected].filter((id) => !lost.has(id))
  const parts = [
    extra.length ? `lost ${extra.join(', ')}, which expect.yaml does not list` : '',
    kept.length ? `passed ${kept.join(', ')}, which expect.yaml says it loses` : '',
  ].filter(Boolean)
  if (example.kind === 'reference' && report.score < report.maxScore && !parts.length) parts.push(`scored ${report.score}/${report.maxScore}, not full marks`)
  return parts.join('; ')
}

async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return results
}
