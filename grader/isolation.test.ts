import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { gradeSubmission } from './grade-submission.js'
import { isFullMarks } from './report.js'
import { detectIsolation } from './sandbox/detect.js'

const fixtures = join(import.meta.dirname, 'test-support', 'fixtures')
const examples = join(import.meta.dirname, 'submission', 'fixtures')
const sandboxHere = (await detectIsolation()).mode === 'sandbox'
const modes = sandboxHere ? (['host', 'sandbox'] as const) : (['host'] as const)

// Code as students write it from the book, and submissions in other languages, get full marks in every mode
describe.concurrent.each(modes)('isolation %s', (isolation) => {
  test.each([
    ['the textbook UDP pair (port 12000, "hostname")', join(fixtures, 'textbook-udp'), 'uppercase-udp'],
    ['the textbook TCP pair (port 12000, "servername")', join(fixtures, 'textbook-tcp'), 'uppercase-tcp'],
    ['a Java submission built with javac from its sockgrade.yaml', join(examples, 'java-uppercase-udp'), 'uppercase-udp'],
    ['a Node.js submission run from its sockgrade.yaml', join(examples, 'node-uppercase-udp'), 'uppercase-udp'],
  ])('%s gets full marks', { timeout: 60_000 }, async (_name, submission, assignment) => {
    const report = await gradeSubmission({ submission, assignment, seed: 3, isolation })
    const lost = report.checks.filter((c) => c.status !== 'passed' && c.maxScore > 0 && !c.extraCredit).map((c) => `${c.id}: ${c.message}`)
    expect(lost, report.notGradableReason ?? report.harnessError?.message).toEqual([])
    expect(isFullMarks(report)).toBe(true)
  })
})

describe.runIf(sandboxHere)('the sandbox', () => {
  test('a build that fails is a not-gradable report with the compiler message', { timeout: 60_000 }, async () => {
    const report = await gradeSubmission({ submission: join(examples, 'java-syntax-error'), assignment: 'uppercase-udp', isolation: 'sandbox', only: 'server' })
    expect(report.gradable).toBe(false)
    expect(report.notGradableReason).toMatch(/^The build step "javac \*\.java" failed \(exit code 1\):\s.*UDPServer\.java:\d+: error: ';' expected/s)
  })
})
