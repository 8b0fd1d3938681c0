import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { DEMO_CLASS } from '../batch/demo-class.js'
import { main } from '../cli.js'
import { bundledExamples, losesPoints, type Example } from '../examples.js'
import { bundledRubric } from '../grade-submission.js'
import { packageRoot } from '../paths.js'
import type { CheckResult, GradeReport } from '../report.js'
import { demoExamples, exampleLine } from './demo-command.js'

const check = (id: string, status: CheckResult['status'], maxScore: number, extraCredit = false): CheckResult => ({
  id,
  name: id,
  status,
  score: status === 'passed' ? maxScore : 0,
  maxScore,
  extraCredit,
  visibility: 'visible',
  message: '',
  transcript: [],
})

// A reference that misses an advisory and an extra-credit check: full marks all the same
const reference: GradeReport = {
  version: 1,
  assignment: 'uppercase-tcp',
  submission: 'reference/uppercase-tcp',
  gradable: true,
  score: 3,
  maxScore: 3,
  extraScore: 0,
  seed: 1,
  durationMs: 5,
  deadlineMs: 1000,
  programs: { server: 'TCPServer.py', client: 'TCPClient.py' },
  checks: [check('server-listens', 'passed', 1), check('client-prints-reply', 'passed', 2), check('server-survives-invalid-utf8', 'failed', 0), check('server-handles-concurrent-clients', 'failed', 1, true)],
}
const example = (loses: string[], kind: Example['kind'] = 'reference'): Example => ({
  assignment: 'uppercase-tcp',
  kind,
  name: kind === 'reference' ? 'reference' : 'client-prints-own',
  dir: '/nowhere',
  label: 'reference/uppercase-tcp',
  loses,
  description: 'What it is',
  hasExpectation: true,
})

describe('one line per example', () => {
  test('a reference missing only advisory and extra-credit checks: ✓, full marks, those counted apart', () => {
    const line = exampleLine(example(['server-survives-invalid-utf8', 'server-handles-concurrent-clients']), reference, 24, false)
    expect(line).toBe('✓ uppercase-tcp/reference     3/3  expects full marks (+1 advisory, 1 extra-credit) · What it is')
  })

  test('a broken variant that lost what it should: ✓ with the checks it must lose', () => {
    const lost = { ...reference, score: 1, checks: reference.checks.map((c) => (c.id === 'client-prints-reply' ? { ...c, status: 'failed' as const, score: 0 } : c)) }
    const line = exampleLine(example(['client-prints-reply', 'server-survives-invalid-utf8', 'server-handles-concurrent-clients'], 'broken'), lost, 0, false)
    expect(line).toBe('✓ uppercase-tcp/client-prints-own    1/3  expects to lose client-prints-reply (+1 advisory, 1 extra-credit) · What it is')
  })

  test('an example not graded as expected: ✗, and a second line with what it lost instead', () => {
    const line = exampleLine(example(['server-survives-invalid-utf8']), reference, 0, false)
    expect(line.split('\n')).toEqual([
      '✗ uppercase-tcp/reference    3/3  expects full marks (+1 advisory) · What it is',
      '    lost instead: server-handles-concurrent-clients, server-survives-invalid-utf8',
    ])
  })
})

test('the demo grades every reference, the first and last broken variant of each pair, the first of each lab that loses points', () => {
  const all = bundledExamples()
  const chosen = demoExamples(all)
  const assignments = [...new Set(all.map((e) => e.assignment))]
  expect(chosen.filter((e) => e.kind === 'reference').map((e) => e.assignment)).toEqual(assignments)
  const labs = ['smtp-client', 'udp-pinger', 'web-proxy', 'web-server']
  for (const assignment of assignments) {
    const broken = all.filter((e) => e.kind === 'broken' && e.assignment === assignment)
    const wanted = labs.includes(assignment) ? [broken.find((e) => losesPoints(e, bundledRubric().assignments.get(assignment) ?? []))] : [broken.at(0), broken.at(-1)]
    expect(chosen.filter((e) => e.kind === 'broken' && e.assignment === assignment), assignment).toEqual(wanted)
  }
  expect(assignments).toEqual(expect.arrayContaining(labs))
  // smtp-client's first variant (auth-in-clear) loses only extra credit: the demo shows the next one
  expect(chosen.find((e) => e.kind === 'broken' && e.assignment === 'smtp-client')?.name).toBe('lf-line-ends')
})

test('sockgrade demo: the isolation, one ✓ line per example, one student report, the verdict, then a class graded by batch; exit 0', { timeout: 300_000 }, async () => {
  let stdout = ''
  let stderr = ''
  const code = await main(['demo'], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {}, cwd: packageRoot })
  const chosen = demoExamples(bundledExamples())
  const lines = stdout.split('\n')
  expect(lines[0]).toMatch(/^Isolation: (sandbox|host) \(.+\)$/)
  const exampleLines = lines.slice(1, 1 + chosen.length)
  expect(exampleLines.map((l) => l.split(' ')[1])).toEqual(chosen.map((e) => `${e.assignment}/${e.name}`))
  for (const line of exampleLines) expect(line).toMatch(/^✓ \S+ +\d+\/\d+( \+\d+)? {2}expects (full marks|to lose )/)
  expect(lines[1 + chosen.length]).toBe('')
  expect(lines[2 + chosen.length]).toMatch(/^What a student sees, for uppercase-udp\/\S+ \(--verbose shows every report\):$/)
  expect(stdout.match(/^Score: /gm)).toHaveLength(1)
  expect(stdout).not.toMatch(/^ {2}✗ server-survives/m)
  expect(stdout).toMatch(new RegExp(`^${chosen.length} of ${chosen.length} examples graded as their expect.yaml says \\(isolation: (sandbox|host); [\\d.]+ s\\)$`, 'm'))
  expect(stderr.startsWith(`Grading ${chosen.length} bundled examples, 2 at a time\n`)).toBe(true)
  // The class: a Canvas export of 12 graded by sockgrade batch, ending with where the page and the spreadsheet are
  expect(stdout).toMatch(/^ {2}sockgrade batch \S+canvas-export -a uppercase-udp --out \S+results$/m)
  expect(stdout).toContain(`Class summary · uppercase-udp (${DEMO_CLASS.length} students, seed 1)`)
  expect(stdout).toContain('4 full marks · 7 partial · 0 zero · 1 not gradable')
  expect(stderr).toMatch(/^Layout: canvas \(auto: /m)
  const tail = stdout.trimEnd().split('\n').slice(-3)
  const page = /^Open (\S+report\.html) in a browser/.exec(tail[0] ?? '')?.[1]
  expect(page && existsSync(page)).toBe(true)
  expect(tail[2]).toMatch(/^Wrote \S+grades\.csv$/)
  expect(readFileSync(tail[2]!.slice('Wrote '.length), 'utf8').split('\r\n').filter(Boolean)).toHaveLength(DEMO_CLASS.length + 1)
  expect(code).toBe(0)
})
