// Literal reports for the platform reporters' tests: the one reporters.test.ts renders, and the hard cases
import type { CheckResult, GradeReport } from '../report.js'

// Every status, an advisory and an extra-credit check, a hidden and an after-due-date one, and hostile student output
export const literalReport: GradeReport = {
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

/** What a hostile program prints: markup, a script, an image, a link, terminal codes, fences and Markdown */
export const HOSTILE = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '[click me](javascript:alert(1)) ![img](http://evil.example/x.png) <http://evil.example> https://evil.example www.evil.example me@evil.example evil.com',
  '\u001b[31mred\u001b[0m \u001b]8;;http://evil.example\u0007osc link\u001b]8;;\u0007',
  '```` fence ``` # heading\n> quote\n- item',
].join(' ')

// Nothing graded: the folder held no server, every check skipped
export function notGradableReport(): GradeReport {
  return {
    ...literalReport,
    gradable: false,
    notGradableReason: 'Cannot find "TCPServer.py" in the submission (the folder is empty)',
    score: 0,
    extraScore: 0,
    causes: undefined,
    checks: literalReport.checks.map((c) => ({ ...c, status: 'skipped', score: 0, message: 'The submission could not be graded', transcript: [] })),
  }
}

// The grader itself failed, as unfinished-report.ts writes it: not gradable, a harness error with its stack
export function harnessErrorReport(): GradeReport {
  return {
    ...notGradableReport(),
    notGradableReason: 'The autograder failed: contact course staff',
    checks: literalReport.checks.map((c) => ({ ...c, status: 'skipped', score: 0, message: 'The autograder failed: contact course staff', transcript: [] })),
    harnessError: { message: 'Worker exited with signal SIGKILL', stack: 'Error: Worker exited with signal SIGKILL\n    at grade (grader/grade.ts:1:1)\n    at secret (/home/staff/sockgrade/pool.ts:2:2)' },
  }
}

// About `totalBytes` of hostile output spread over `checks` failed checks: long lines, many lines, multi-byte text
export function hugeHostileReport(totalBytes = 5_000_000, checks = 12): GradeReport {
  const perCheck = Math.ceil(totalBytes / checks)
  const list: CheckResult[] = Array.from({ length: checks }, (_, i) => {
    const line = `${HOSTILE} é€😀 "quoted" \\ `.repeat(Math.ceil(perCheck / 60 / 200))
    return {
      id: `check-${i + 1}`,
      name: `Check ${i + 1} ${HOSTILE}`,
      status: 'failed',
      score: 0,
      maxScore: 1,
      extraCredit: false,
      visibility: i % 3 === 0 ? 'hidden' : 'visible',
      message: `Expected "HELLO", received ${HOSTILE.repeat(200)}`,
      hint: 'Read the reply with recv in a loop',
      transcript: Array.from({ length: 60 }, (_, k) => ({ dir: k % 2 ? 'received' : 'sent', text: line.slice(0, Math.ceil(perCheck / 60)) })),
    }
  })
  return { ...literalReport, score: 0, extraScore: 0, maxScore: checks, checks: list, causes: [{ side: 'server', check: 'check-2', message: HOSTILE.repeat(100) }], notes: [HOSTILE] }
}
