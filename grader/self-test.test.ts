// Self-test in the spirit of ESLint's RuleTester: every reference solution and every broken variant under
// reference/ is graded with the bundled rubric, and must lose exactly the checks its expect.yaml lists
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { programFiles } from './assignments/assignment.js'
import { findAssignment } from './assignments/load.js'
import { bundledRubric, gradeSubmission } from './grade-submission.js'
import { bundledExamples, type Example } from './examples.js'
import { isFullMarks, lostCheckIds, type GradeReport } from './report.js'
import { maxScoreOf, type RubricCheck } from './rubric/rubric.js'

const SEED = 1
// Gradings are mostly waiting on sockets and deadlines, but each spawns Python: three at a time keeps
// a 2-core machine responsive enough that no reply deadline is missed
const MAX_GRADINGS_AT_ONCE = 3
const GRADING_TIMEOUT_MS = 60_000

// `uppercase-udp` for a reference, `uppercase-udp/one-shot-server` for a broken variant
type Fixture = Example & { readonly title: string }
const asFixture = (e: Example): Fixture => ({ ...e, title: e.kind === 'reference' ? e.assignment : `${e.assignment}/${e.name}` })

// A few promises at a time, first come first served
function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0
  const waiting: (() => void)[] = []
  return async (task) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve))
    running++
    try {
      return await task()
    } finally {
      running--
      waiting.shift()?.()
    }
  }
}

const limit = limiter(MAX_GRADINGS_AT_ONCE)
const grade = (fixture: Pick<Fixture, 'assignment' | 'dir' | 'seed'>): Promise<GradeReport> =>
  limit(() => gradeSubmission({ submission: fixture.dir, assignment: fixture.assignment, seed: fixture.seed ?? SEED }))

function rubricChecks(assignment: string): readonly RubricCheck[] {
  const checks = bundledRubric().assignments.get(assignment)
  if (!checks) throw new Error(`rubric.yaml has no checks for "${assignment}"`)
  return checks
}

// The score a submission that loses exactly `loses` must get: the maximum, minus the points of lost
// checks that count, plus the extra credit of the ones that passed
function expectedScore(checks: readonly RubricCheck[], loses: readonly string[]): number {
  const lost = new Set(loses)
  const lostPoints = checks.filter((c) => !c.extraCredit && lost.has(c.id)).reduce((sum, c) => sum + c.points, 0)
  const extraPoints = checks.filter((c) => c.extraCredit && !lost.has(c.id)).reduce((sum, c) => sum + c.points, 0)
  return maxScoreOf(checks) - lostPoints + extraPoints
}

// Ports are drawn at random for every grading: take them out before comparing two gradings
function withoutPorts(message: string): string {
  return message.replace(/(127\.0\.0\.1:|port )\d+/g, '$1PORT')
}

const fixtures = bundledExamples().map(asFixture)
const references = fixtures.filter((f) => f.kind === 'reference')
const broken = fixtures.filter((f) => f.kind === 'broken')
const shown = (f: Fixture) => f.label

describe('the reference folder', () => {
  test('has a reference for every assignment and at least four broken variants each', () => {
    const assignments = references.map((f) => f.assignment)
    expect(assignments.length).toBeGreaterThan(0)
    for (const assignment of assignments) {
      expect(broken.filter((f) => f.assignment === assignment).length, `broken variants of ${assignment}`).toBeGreaterThanOrEqual(4)
    }
  })

  test.for(fixtures)('$title: expect.yaml and the program files are well formed', (fixture) => {
    const assignment = findAssignment(fixture.assignment)
    expect(assignment, `reference/${fixture.assignment} is not a known assignment`).toBeDefined()
    for (const file of assignment ? programFiles(assignment) : ['(no assignment)']) {
      expect(existsSync(join(fixture.dir, file ?? '')), `${shown(fixture)} has no ${file}`).toBe(true)
    }
    expect(fixture.hasExpectation, `${shown(fixture)}/expect.yaml`).toBe(true)
    expect(fixture.description, `${shown(fixture)}/expect.yaml starts with a comment saying what it is`).not.toBe('')
    expect(fixture.loses, `${shown(fixture)}/expect.yaml lists its ids sorted, once each`).toEqual([...new Set(fixture.loses)].sort())
    const known = new Set(rubricChecks(fixture.assignment).map((c) => c.id))
    expect(fixture.loses.filter((id) => !known.has(id)), `ids in ${shown(fixture)}/expect.yaml unknown to rubric.yaml`).toEqual([])
  })

  test.for(references)('$title: the reference loses only advisory or extra-credit checks', (fixture) => {
    const counted = rubricChecks(fixture.assignment).filter((c) => fixture.loses.includes(c.id) && c.points > 0 && !c.extraCredit)
    expect(counted.map((c) => c.id)).toEqual([])
  })

  // Extra credit counts: a variant that skips only the optional part (smtp-client/no-starttls) proves those checks
  test.for(broken)('$title: the variant loses at least one check worth points or extra credit', (fixture) => {
    const counted = rubricChecks(fixture.assignment).filter((c) => fixture.loses.includes(c.id) && c.points > 0)
    expect(counted.length, `${shown(fixture)} loses nothing that counts`).toBeGreaterThan(0)
  })
})

describe.concurrent('grading the references', () => {
  test.for(references)('$title reaches full marks and loses exactly what expect.yaml lists', { timeout: GRADING_TIMEOUT_MS }, async (fixture, { expect }) => {
    const report = await grade(fixture)
    const checks = rubricChecks(fixture.assignment)
    expect(report.harnessError).toBeUndefined()
    expect(report.gradable, report.notGradableReason).toBe(true)
    expect(lostCheckIds(report)).toEqual([...fixture.loses].sort())
    expect(report.maxScore).toBe(maxScoreOf(checks))
    // Full marks: every point that counts earned (a reference may earn extra credit on top)
    expect(isFullMarks(report)).toBe(true)
    expect(report.score).toBe(expectedScore(checks, fixture.loses))
    for (const check of report.checks.filter((c) => c.status !== 'passed')) {
      expect(check.maxScore === 0 || check.extraCredit, `${check.id} is worth points`).toBe(true)
    }
  })
})

describe.concurrent('grading the broken variants', () => {
  test.for(broken)('$title loses exactly what expect.yaml lists', { timeout: GRADING_TIMEOUT_MS }, async (fixture, { expect }) => {
    const report = await grade(fixture)
    const checks = rubricChecks(fixture.assignment)
    expect(report.harnessError).toBeUndefined()
    expect(report.gradable, report.notGradableReason).toBe(true)
    expect(lostCheckIds(report)).toEqual([...fixture.loses].sort())
    // The score follows from the rubric and the expected losses, and agrees with the report's own checks
    expect(report.checks.map((c) => [c.id, c.maxScore, c.extraCredit])).toEqual(checks.map((c) => [c.id, c.points, c.extraCredit]))
    expect(report.maxScore).toBe(maxScoreOf(checks))
    expect(report.score).toBe(expectedScore(checks, fixture.loses))
    expect(report.score).toBe(report.checks.reduce((sum, c) => sum + (c.status === 'passed' ? c.maxScore : 0), 0))
    for (const check of report.checks.filter((c) => c.status !== 'passed')) {
      expect(check.message.trim(), `${check.id} did not pass but says nothing`).not.toBe('')
    }
  })
})

// One grading after the other, so that only the seed can make them differ
describe('grading is repeatable', () => {
  test('grading a reference twice with the same seed gives the same statuses and messages', { timeout: GRADING_TIMEOUT_MS }, async () => {
    const fixture = references.find((f) => f.assignment === 'uppercase-udp') ?? references[0]
    if (!fixture) throw new Error('No reference to grade')
    const summary = (report: GradeReport) =>
      report.checks.map((c) => ({ id: c.id, status: c.status, message: withoutPorts(c.message) }))
    const first = summary(await grade(fixture))
    const second = summary(await grade(fixture))
    expect(second).toEqual(first)
  })
})
