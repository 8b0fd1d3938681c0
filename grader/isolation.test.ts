import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
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
  test('a build step is student code: it runs with no capability, under the process limit, not as root', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockgrade-build-'))
    writeFileSync(join(dir, 'sockgrade.yaml'), 'build: "echo uid=$(id -u); grep CapEff /proc/self/status; grep \'Max processes\' /proc/self/limits; exit 3"\nserver: python3 UDPServer.py {port}\n')
    writeFileSync(join(dir, 'UDPServer.py'), '# never run: the build fails first\n')
    const report = await gradeSubmission({ submission: dir, assignment: 'uppercase-udp', isolation: 'sandbox', only: 'server' })
    expect(report.notGradableReason).toMatch(/CapEff:\s+0+\n/)
    expect(report.notGradableReason).toMatch(/Max processes\s+128\s+128/)
    if (process.getuid?.() === 0) expect(report.notGradableReason).not.toMatch(/uid=0\n/)
  })

  test('a link out of the submission is not followed into the private copy', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockgrade-link-'))
    writeFileSync(join(dir, 'UDPServer.py'), "import os\nraise SystemExit('leak=%s' % os.path.exists('leak'))\n")
    symlinkSync('/etc/passwd', join(dir, 'leak'))
    const report = await gradeSubmission({ submission: dir, assignment: 'uppercase-udp', isolation: 'sandbox', only: 'server' })
    expect(report.checks[0]?.message).toContain('leak=False')
  })

  test('a build that fails is a not-gradable report with the compiler message', { timeout: 60_000 }, async () => {
    const report = await gradeSubmission({ submission: join(examples, 'java-syntax-error'), assignment: 'uppercase-udp', isolation: 'sandbox', only: 'server' })
    expect(report.gradable).toBe(false)
    expect(report.notGradableReason).toMatch(/^The build step "javac \*\.java" failed \(exit code 1\):\s.*UDPServer\.java:\d+: error: ';' expected/s)
  })
})
