import { describe, expect, test } from 'vitest'
import type { GradeReport } from '../report.js'
import { reporters } from './index.js'

// A literal report with every status, an advisory and an extra-credit check, and hostile student output
const report: GradeReport = {
  version: 1,
  assignment: 'uppercase-tcp',
  submission: 'submissions/alice',
  gradable: true,
  score: 7,
  maxScore: 10,
  extraScore: 1,
  programs: { server: 'TCPServer.py', client: 'TCPClient.py' },
  causes: [{ side: 'client', check: 'client-sends-line', message: 'The client exited with code 1: TypeError: a bytes-like object is required \u001b[2J' }],
  seed: 42,
  durationMs: 1234,
  deadlineMs: 45_000,
  checks: [
    { id: 'server-listens', name: 'Server listens on the port it is given', status: 'passed', score: 1, maxScore: 1, extraCredit: false, visibility: 'visible', message: 'Listening on tcp://127.0.0.1:20001', transcript: [] },
    {
      id: 'server-answers-basic',
      name: 'Server answers a simple sentence',
      status: 'failed',
      score: 0,
      maxScore: 2,
      extraCredit: false,
      visibility: 'visible',
      message: 'Sent "hello": expected "HELLO", received "hello\u001b[31mred\u0007"',
      hint: 'The reply is the message unchanged: is the transformed text the one sent back?',
      transcript: [
        { dir: 'sent', text: '"hello"' },
        { dir: 'received', text: '"hello\u001b[2J"' },
      ],
    },
    { id: 'client-exits-cleanly', name: 'Client exits with status 0', status: 'skipped', score: 0, maxScore: 1, extraCredit: false, visibility: 'hidden', message: 'Skipped: requires "client-sends-line", which did not pass', transcript: [] },
    { id: 'server-survives-invalid-utf8', name: 'Server survives bytes that are not UTF-8', status: 'error', score: 0, maxScore: 0, extraCredit: false, visibility: 'visible', message: 'Internal error in probe "x": boom', transcript: [] },
    { id: 'server-handles-concurrent-clients', name: 'Server answers a client while another is connected', status: 'passed', score: 1, maxScore: 1, extraCredit: true, visibility: 'after_due_date', message: '', transcript: [] },
  ],
}

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
