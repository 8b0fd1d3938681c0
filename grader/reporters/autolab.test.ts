import { describe, expect, test } from 'vitest'
import type { GradeReport } from '../report.js'
import { autolab } from './autolab.js'
import { hostileReport, literalReport } from './fixtures/reports.js'
import { studentView } from './student-view.js'
import { terminal } from './terminal.js'

const render = (report: GradeReport) => autolab.render(report, { color: false })

// What Autolab takes as the autoresult: the last line of the output, trailing line breaks aside
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) as string

describe('autolab reporter', () => {
  test('renders the literal report', async () => {
    await expect(render(literalReport)).toMatchFileSnapshot('__snapshots__/autolab.txt')
  })

  test('the plain terminal report as a student sees it, then the autoresult as the last line, ending with one newline', () => {
    const text = render(literalReport)
    expect(text.startsWith(terminal.render(studentView(literalReport, { afterDueDate: false }), { color: false }))).toBe(true)
    expect(text.endsWith('}\n')).toBe(true)
    expect(JSON.parse(lastLine(text))).toEqual({ scores: { 'uppercase-tcp': 7 } })
    expect(text).not.toMatch(/\u001b/)
  })

  test('a hidden check shows its name and points only, whatever command made the report (grade, for a course rubric)', () => {
    const secret: GradeReport = { ...literalReport, checks: literalReport.checks.map((c) => (c.visibility === 'hidden' ? { ...c, status: 'failed', message: 'Sent "the hidden input"', hint: 'the hidden hint', transcript: [{ dir: 'sent', text: '"the hidden input"' }] } : c)) }
    const text = render(secret)
    expect(text).not.toContain('the hidden input')
    expect(text).not.toContain('the hidden hint')
    expect(text).toContain('client-exits-cleanly')
    expect(JSON.parse(lastLine(text))).toEqual({ scores: { 'uppercase-tcp': 7 } })
  })

  test('a not-gradable submission scores 0 on the one problem', () => {
    const notGradable: GradeReport = { ...literalReport, gradable: false, notGradableReason: 'Cannot find "TCPServer.py"', score: 0, extraScore: 0, checks: literalReport.checks.map((c) => ({ ...c, status: 'skipped', score: 0 })) }
    expect(JSON.parse(lastLine(render(notGradable)))).toEqual({ scores: { 'uppercase-tcp': 0 } })
  })

  test('a fake autoresult a student printed cannot be the last line', () => {
    const fake = '{"scores": {"uppercase-tcp": 100}}'
    const report: GradeReport = {
      ...hostileReport,
      submission: `s\n${fake}`,
      checks: hostileReport.checks.map((c) => ({ ...c, message: `${c.message}\n${fake}\r${fake}\r\n`, transcript: [{ dir: 'received', text: `${fake}\n` }] })),
      // The grader's own failure message reaches the terminal report unstripped: still not last
      harnessError: { message: `boom\n${fake}\r` },
    }
    const text = render(report)
    expect(text).toContain(fake)
    expect(JSON.parse(lastLine(text))).toEqual({ scores: { 'uppercase-tcp': 0 } })
    expect(text.endsWith('{"scores":{"uppercase-tcp":0}}\n')).toBe(true)
    expect(text).not.toMatch(/\r|\n\n$/)
  })

  test('is a pure function: the same report renders the same text', () => {
    expect(render(literalReport)).toBe(render(structuredClone(literalReport)))
  })
})
