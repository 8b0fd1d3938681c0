// Test-only reports for the reporters' tests: the literal report of reporters.test.ts, one whose every student-controlled
// field is hostile, and a class built from the batch fixtures
import { batchResults } from '../../batch/entries.js'
import { MAX_SCORE, sampleEntries, SETTINGS } from '../../batch/fixtures/class-entries.js'
import type { BatchResults } from '../../batch/types.js'
import type { CheckResult, GradeReport } from '../../report.js'

/** The literal report of reporters.test.ts: every status, an advisory and an extra-credit check, a crash cause */
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

/** What a student program can print: terminal codes, XML-forbidden and non-characters, lone surrogates, markup */
export const HOSTILE = [
  'nul\u0000',
  'esc\u001b[31mred\u001b[0m',
  'cdata]]>end',
  '<script>alert(1)</script>',
  'nonchar\ufffe\uffff',
  'lone\ud800high and \udc00low',
  '<img src=x onerror=alert(1)> <details open>',
  '[x](javascript:alert(1)) ![](http://evil.example/pixel.png)',
  'http://evil.example www.evil.example mail@evil.example @octocat #1',
  '# heading\n## second\n> quote | pipe \\ backslash ``` fence ````',
  '& &amp; "quoted" \'single\'',
].join('\n')

const hostileCheck = (id: string, status: CheckResult['status'], maxScore = 2): CheckResult => ({
  id,
  name: `Check ${id}`,
  status,
  score: 0,
  maxScore,
  extraCredit: false,
  visibility: 'visible',
  message: `Received ${HOSTILE}`,
  hint: `Hint ${HOSTILE}`,
  transcript: [
    { dir: 'sent', text: 'hello' },
    { dir: 'received', text: HOSTILE },
  ],
})

/** Every field a student controls, hostile */
export const hostileReport: GradeReport = {
  ...literalReport,
  submission: `submissions/${HOSTILE}`,
  score: 0,
  extraScore: 0,
  notes: [`server: ${HOSTILE}`],
  causes: [{ side: 'server', check: 'answers', message: `The server exited with code 1: ${HOSTILE}` }],
  checks: [hostileCheck('answers', 'failed'), hostileCheck('errs', 'error'), hostileCheck('skips', 'skipped'), hostileCheck('advises', 'failed', 0)],
}

/** A class of six from the batch fixtures: full marks, partial, zero, not gradable, grader error */
export function sampleClass(): BatchResults {
  return batchResults(SETTINGS, sampleEntries(), MAX_SCORE)
}
