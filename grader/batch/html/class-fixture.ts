// Literal classes for the report.html tests: a few students of every kind, one of them hostile
import { classSummary } from '../summary.js'
import { type CheckResult, type CheckStatus, type GradeReport, type TranscriptLine } from '../../report.js'
import type { BatchEntry, BatchResults, RecordedStudent, StudentFlag } from '../types.js'

export const XSS = {
  script: '<script>window.__pwned=1</script>',
  img: '<img src=x onerror="window.__pwned=1">',
  svg: '"><svg onload="window.__pwned=1">',
} as const

const RUBRIC = [
  { id: 'server-listens', name: 'Server listens on the port it is given', points: 1 },
  { id: 'server-answers-basic', name: 'Server answers a simple sentence', points: 2 },
  { id: 'server-answers-varied', name: 'Server answers varied sentences', points: 2 },
  { id: 'client-sends-line', name: 'Client sends the typed line', points: 1 },
  { id: 'client-prints-reply', name: "Client prints the server's reply", points: 1 },
  { id: 'server-survives-invalid-utf8', name: 'Server survives bytes that are not UTF-8', points: 0 },
] as const
const MAX_SCORE = RUBRIC.reduce((sum, c) => sum + c.points, 0)

type CheckOverride = { status: CheckStatus; message?: string; hint?: string; transcript?: TranscriptLine[] }

function checks(overrides: Partial<Record<string, CheckOverride>> = {}): CheckResult[] {
  return RUBRIC.map((r) => {
    const o = overrides[r.id] ?? { status: 'passed' }
    const client = r.id.startsWith('client-')
    return {
      id: r.id,
      name: r.name,
      status: o.status,
      score: o.status === 'passed' ? r.points : 0,
      maxScore: r.points,
      extraCredit: false,
      visibility: r.id === 'server-answers-varied' ? 'hidden' : 'visible',
      message: o.message ?? '',
      ...(o.hint ? { hint: o.hint } : {}),
      transcript: o.transcript ?? (client ? [{ dir: 'note', text: 'Ran the client with host 127.0.0.1, port 40001, stdin "hello\\n"' }, { dir: 'received', text: 'datagram: "hello"' }, { dir: 'sent', text: '"HELLO"' }] : [{ dir: 'sent', text: '"hello"' }, { dir: 'received', text: '"HELLO"' }]),
    }
  })
}

function report(submission: string, list: CheckResult[], extra: Partial<GradeReport> = {}): GradeReport {
  return {
    version: 1,
    assignment: 'uppercase-udp',
    submission,
    gradable: true,
    score: list.reduce((sum, c) => sum + c.score, 0),
    maxScore: MAX_SCORE,
    extraScore: 0,
    checks: list,
    programs: { server: 'UDPServer.py', client: 'UDPClient.py' },
    seed: 42,
    durationMs: 1234,
    deadlineMs: 150_000,
    ...extra,
  }
}

function student(id: string, name: string, extra: Partial<RecordedStudent> = {}): RecordedStudent {
  return { id, name, files: ['UDPClient.py', 'UDPServer.py'], notes: [], flags: [] as StudentFlag[], ...extra }
}

const SKIPPED = (reason: string) => Object.fromEntries(RUBRIC.map((r) => [r.id, { status: 'skipped' as const, message: reason, transcript: [] }]))

// The hostile student: every field they control carries markup, ANSI codes, U+2028 and a 10 KB line
export function hostileEntry(): BatchEntry {
  const all = `${XSS.script}${XSS.img}${XSS.svg}`
  return {
    student: student(`mallory${XSS.svg}`, `Mallory ${XSS.script}`, {
      files: [`${XSS.img}.py`, `UDPServer.py`],
      notes: [`\u001b[31mred note\u001b[0m ${all}`, `line\u2028separator\u2029here`],
      flags: ['ambiguous'],
    }),
    report: report(
      'mallory',
      checks({
        'server-answers-basic': {
          status: 'failed',
          message: `Sent "hello": expected "HELLO", received "${all}"`,
          hint: `Hint ${XSS.img}`,
          transcript: [
            { dir: 'sent', text: '"hello"' },
            { dir: 'received', text: `"\u001b[1;32mHELLO\u001b[0m${all}\u2028\u2029"` },
            { dir: 'received', text: 'A'.repeat(10_000) },
            { dir: 'note', text: `note ${all}` },
          ],
        },
      }),
      { notes: [`server: ${XSS.img}`] },
    ),
  }
}

// Six students: full marks, partial, zero, not gradable, grader error, hostile (sorted by id, as a batch writes them)
export function literalEntries(): BatchEntry[] {
  return [
    { student: student('alice', 'Alice Adams'), report: report('alice', checks()) },
    {
      student: student('bob', 'Bob Brown', { flags: ['late'], notes: ['late: submitted 2 h after the deadline'] }),
      report: report(
        'bob',
        checks({
          'server-answers-basic': {
            status: 'failed',
            message: 'Sent "hello": expected "HELLO", received "hello"',
            hint: 'The reply must be the sentence in capitals.',
            transcript: [{ dir: 'sent', text: '"hello"' }, { dir: 'received', text: '"hello"' }],
          },
          'client-prints-reply': {
            status: 'failed',
            message: 'The client printed nothing',
            transcript: [
              { dir: 'note', text: 'Ran the client with host 127.0.0.1, port 40001, stdin "hi\\n"' },
              { dir: 'received', text: 'datagram: "hi"' },
              { dir: 'sent', text: '"HI"' },
              { dir: 'note', text: 'Client stdout: ""' },
            ],
          },
        }),
      ),
    },
    { student: student('carol', 'Carol Chen', { files: [], flags: ['empty'], notGradableReason: 'Nothing submitted' }), report: report('carol', checks(SKIPPED('Not gradable: nothing submitted')), { gradable: false, notGradableReason: 'Nothing submitted', score: 0 }) },
    {
      student: student('dave', 'Dave Diaz'),
      report: report('dave', checks(SKIPPED('Autograder failed: contact course staff')), { score: 0, harnessError: { message: 'Worker exited with signal SIGKILL', stack: 'Error: secret stack\n    at grade (grade.ts:1:1)' } }),
    },
    {
      student: student('eve', 'Eve Evans'),
      report: report('eve', checks(Object.fromEntries(RUBRIC.map((r) => [r.id, { status: 'failed' as const, message: `Check ${r.id} failed`, transcript: [{ dir: 'sent' as const, text: '"hello"' }, { dir: 'note' as const, text: 'No reply before the deadline' }] }])))),
    },
    hostileEntry(),
  ]
}

// A class of n generated students, one in ten not gradable, the rest losing a few checks each (for size measures)
export function generatedEntries(n: number): BatchEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `s${String(i + 1).padStart(4, '0')}`
    if (i % 10 === 9) return { student: student(id, `Student ${i + 1}`, { files: [], flags: ['empty'] }), report: report(id, checks(SKIPPED('Not gradable: nothing submitted')), { gradable: false, notGradableReason: 'Nothing submitted', score: 0 }) }
    const failing = RUBRIC.filter((_, k) => (i + k) % 4 === 0).map((r) => [r.id, { status: 'failed' as const, message: `Sent "hello world ${i}": expected "HELLO WORLD ${i}", received "hello world ${i}"`, hint: 'The reply must be the sentence in capitals.' }])
    return { student: student(id, `Student ${i + 1}`), report: report(id, checks(Object.fromEntries(failing))) }
  })
}

// A whole BatchResults around the entries
export function batchResults(entries: BatchEntry[]): BatchResults {
  return {
    settings: {
      version: 1,
      sockgradeVersion: '0.1.0',
      assignment: 'uppercase-udp',
      rubricHash: 'f00dfeedcafe0123456789abcdef0123456789abcdef0123456789abcdef0123',
      rubricSource: 'bundled rubric.yaml',
      seed: 42,
      timeoutScale: 1,
      isolation: 'sandbox',
      layout: 'canvas',
      shard: { index: 1, count: 2 },
      students: entries.map((e) => e.student.id),
    },
    summary: classSummary(entries, MAX_SCORE),
    entries,
  }
}
