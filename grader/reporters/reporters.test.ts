import { describe, expect, test } from 'vitest'
import type { GradeReport } from '../report.js'
import { literalReport } from './fixtures/reports.js'
import { reporters } from './index.js'

// The literal report with every status, an advisory and an extra-credit check, and hostile student output
const report = literalReport

describe('terminal reporter', () => {
  test('renders one line per check and details for the ones that did not pass', async () => {
    await expect(reporters.terminal.render(report, { color: false })).toMatchFileSnapshot('__snapshots__/terminal.txt')
  })

  test('strips the terminal control codes a student program printed, even with colour on', () => {
    const text = reporters.terminal.render(report, { color: true })
    expect(text).not.toContain('\u001b[2J')
    expect(text).not.toContain('\u001b[31mred')
    expect(text).not.toContain('\u0007')
    expect(text).toContain('\u001b[32m✓\u001b[39m')
  })

  test('file names, a cause\'s check and the submission label a student chose are cleaned, each kept on its line', () => {
    const osc = '\u001b]52;c;Y3VybA==\u0007\u001b[2J'
    const hostile: GradeReport = { ...report, submission: `s\n${osc}`, programs: { server: `srv${osc}.py`, client: 'c\r\n.py' }, causes: [{ side: 'server', check: `x${osc}`, message: 'm' }] }
    const text = reporters.terminal.render(hostile, { color: false })
    expect(text).not.toMatch(/\u001b|\u0007|\r/)
    expect(text.split('\n')[0]).toBe('uppercase-tcp · s  (graded srv.py, c .py; seed 42)')
    expect(text).toContain('(first seen in x)')
  })

  test('without colour there are no escape codes at all', () => {
    expect(reporters.terminal.render(report, { color: false })).not.toMatch(/\u001b/)
  })

  test('a not-gradable report says why instead of listing skipped checks', () => {
    const notGradable: GradeReport = { ...report, gradable: false, notGradableReason: 'Cannot find "TCPServer.py" in the submission (the folder is empty)', score: 0, extraScore: 0, checks: report.checks.map((c) => ({ ...c, status: 'skipped', score: 0 })) }
    const text = reporters.terminal.render(notGradable, { color: false })
    expect(text).toContain('Not gradable: Cannot find "TCPServer.py" in the submission (the folder is empty)')
    expect(text).not.toContain('server-listens')
    expect(text).toContain('Score: 0/10 (0%)')
  })

  test('is a pure function: the same report renders the same text', () => {
    expect(reporters.terminal.render(report, { color: false })).toBe(reporters.terminal.render(structuredClone(report), { color: false }))
  })
})

describe('json reporter', () => {
  test('prints the report itself, parseable, with the documented fields', () => {
    const parsed = JSON.parse(reporters.json.render(report, { color: true })) as GradeReport
    expect(parsed).toEqual(report)
    expect(Object.keys(parsed)).toEqual(expect.arrayContaining(['version', 'assignment', 'submission', 'gradable', 'score', 'maxScore', 'checks', 'durationMs', 'deadlineMs']))
    for (const check of parsed.checks) {
      expect(Object.keys(check)).toEqual(expect.arrayContaining(['id', 'name', 'status', 'score', 'maxScore', 'message', 'transcript']))
    }
  })
})
