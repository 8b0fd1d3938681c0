import { examplesIn } from './course/reference-examples.js'
import { packageRoot, referenceDir } from './paths.js'
import { lostCheckIds, type GradeReport } from './report.js'
import type { RubricCheck } from './rubric/rubric.js'

/** A bundled example submission: a reference solution or one of its broken variants, with what it must lose */
export interface Example {
  readonly assignment: string
  readonly kind: 'reference' | 'broken'
  /** `reference`, or the defect's name */
  readonly name: string
  readonly dir: string
  /** Path relative to the package root, for messages */
  readonly label: string
  /** Ids of the checks it must not pass, as written in expect.yaml */
  readonly loses: readonly string[]
  /** The first comment of expect.yaml: what the example is; empty when there is no expect.yaml */
  readonly description: string
  readonly hasExpectation: boolean
  /** The seed its losses hold for (expect.yaml's seed:), where they depend on the seed; graded with it whatever seed
   * the run was given */
  readonly seed?: number
}

// Every reference/<id>/ and reference/<id>/broken/<defect>/ on disk, with its expect.yaml
export function bundledExamples(): Example[] {
  return examplesIn(referenceDir, packageRoot)
}

// Whether the example loses a check worth points (not one that is advisory or extra credit)
export function losesPoints(example: Example, checks: readonly RubricCheck[]): boolean {
  return checks.some((check) => example.loses.includes(check.id) && check.points > 0 && !check.extraCredit)
}

// Did the grader judge the example as its expect.yaml says: exactly these checks lost, and nothing else?
export function meetsExpectation(example: Example, report: GradeReport): boolean {
  const lost = lostCheckIds(report)
  const expected = [...example.loses].sort()
  return report.gradable && lost.length === expected.length && lost.every((id, i) => id === expected[i])
}

// What expect.yaml wants, in words: "full marks" or "to lose a, b", with the advisory (zero-point) and
// extra-credit checks it may miss counted apart, since missing those costs no point
export function expectationOf(example: Example, report: GradeReport): string {
  const kindOf = (id: string) => {
    const check = report.checks.find((c) => c.id === id)
    return check?.maxScore === 0 ? 'advisory' : check?.extraCredit ? 'extra-credit' : 'points'
  }
  const loses = example.loses.filter((id) => kindOf(id) === 'points')
  const free = (['advisory', 'extra-credit'] as const).map((kind) => [kind, example.loses.filter((id) => kindOf(id) === kind).length] as const).filter(([, n]) => n > 0)
  const wanted = loses.length === 0 ? 'full marks' : `to lose ${loses.join(', ')}`
  return free.length === 0 ? wanted : `${wanted} (+${free.map(([kind, n]) => `${n} ${kind}`).join(', ')})`
}
