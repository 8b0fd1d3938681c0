import { describe, expect, test } from 'vitest'
import type { CheckResult, GradeReport } from '../report.js'
import { reporters } from './index.js'
import { studentView } from './student-view.js'
import { expectJunitValid } from '../test-support/junit-xsd.js'

const check = (id: string, visibility: CheckResult['visibility'], status: CheckResult['status'] = 'failed'): CheckResult => ({
  id,
  name: `Check ${id}`,
  status,
  score: status === 'passed' ? 1 : 0,
  maxScore: 1,
  extraCredit: false,
  visibility,
  message: `Sent "secret input of ${id}": expected "X"`,
  hint: `Hint of ${id}`,
  transcript: [{ dir: 'sent', text: `"secret input of ${id}"` }],
})

const report: GradeReport = {
  version: 1,
  assignment: 'uppercase-udp',
  submission: 's',
  gradable: true,
  score: 1,
  maxScore: 4,
  extraScore: 0,
  programs: { server: 'UDPServer.py' },
  causes: [
    { side: 'server', check: 'hid', message: 'The server exited with code 1: UnicodeDecodeError: secret input of hid' },
    { side: 'client', check: 'vis', message: 'The client exited with code 1: EOFError' },
  ],
  seed: 1,
  durationMs: 10,
  deadlineMs: 1000,
  checks: [check('vis', 'visible'), check('hid', 'hidden'), check('due', 'after_due_date'), check('hid-passed', 'hidden', 'passed')],
  harnessError: { message: 'boom', stack: 'Error: boom\n    at grade.ts:1' },
}

describe('studentView', () => {
  test('a hidden check keeps its name, status and points, and loses its message, hint and transcript', () => {
    const hidden = studentView(report, { afterDueDate: true }).checks[1]
    expect(hidden).toEqual({ id: 'hid', name: 'Check hid', status: 'failed', score: 0, maxScore: 1, extraCredit: false, visibility: 'hidden', message: 'Hidden until grades are released', transcript: [] })
  })

  test('hidden checks still count: the score and maximum are unchanged', () => {
    const view = studentView(report, { afterDueDate: false })
    expect([view.score, view.maxScore]).toEqual([1, 4])
    expect(view.checks.map((c) => c.score)).toEqual([0, 0, 0, 1])
  })

  test('an after-due-date check is redacted before the due date and shown in full after it', () => {
    expect(studentView(report, { afterDueDate: false }).checks[2]).toMatchObject({ message: 'Shown after the due date', transcript: [] })
    expect(studentView(report, { afterDueDate: false }).checks[2]?.hint).toBeUndefined()
    expect(studentView(report, { afterDueDate: true }).checks[2]).toEqual(report.checks[2])
  })

  test('visible checks are untouched, and nothing of a hidden check reaches any reporter', () => {
    const view = studentView(report, { afterDueDate: false })
    expect(view.checks[0]).toEqual(report.checks[0])
    for (const reporter of Object.values(reporters)) {
      const text = reporter.render(view, { color: false })
      if (reporter === reporters.junit) expectJunitValid(text)
      expect(text).not.toContain('secret input of hid')
      expect(text).not.toContain('secret input of due')
      expect(text).not.toContain('Hint of hid')
      expect(text).toContain('secret input of vis')
    }
  })

  test('a cause first seen by a redacted check goes with it; the grader stack is left out', () => {
    const view = studentView(report, { afterDueDate: false })
    expect(view.causes?.map((c) => c.check)).toEqual(['vis'])
    expect(view.harnessError).toEqual({ message: 'boom' })
  })

  test('a visible check spoiled by a crash a hidden check saw says so without pointing to what is hidden', () => {
    const spoiled: CheckResult = { ...check('later', 'visible', 'skipped'), message: 'Not run: the server crashed in "hid" (see there)', spoiledBy: 'hid' }
    const view = studentView({ ...report, checks: [...report.checks, spoiled] }, { afterDueDate: false })
    expect(view.checks[4]?.message).toBe('Not run: the server crashed in "hid" (hidden until grades are released)')
    const notListening = { ...spoiled, message: 'Not run: the server is not listening (see "hid")' }
    expect(studentView({ ...report, checks: [...report.checks, notListening] }, { afterDueDate: false }).checks[4]?.message).toBe('Not run: the server is not listening (see "hid", hidden until grades are released)')
    const byVisible = studentView({ ...report, checks: [...report.checks, { ...spoiled, spoiledBy: 'vis' }] }, { afterDueDate: false })
    expect(byVisible.checks[4]?.message).toBe('Not run: the server crashed in "hid" (see there)')
  })

  test('is pure: the report given is not changed', () => {
    const before = structuredClone(report)
    studentView(report, { afterDueDate: false })
    expect(report).toEqual(before)
  })
})

describe('the TA-facing terminal report', () => {
  test('shows hidden and after-due-date checks in full, marked', () => {
    const text = reporters.terminal.render(report, { color: false })
    expect(text).toContain('secret input of hid')
    expect(text).toMatch(/ hid +Check hid +0\/1  \[hidden\]\n/)
    expect(text).toMatch(/ due +Check due +0\/1  \[after due date\]\n/)
    expect(text).toMatch(/ vis +Check vis +0\/1\n/)
  })
})
