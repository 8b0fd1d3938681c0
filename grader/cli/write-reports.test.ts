import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { GradeReport } from '../report.js'
import { reporters } from '../reporters/index.js'
import type { CliIo } from './io.js'
import { reporterTargets } from './reporter-option.js'
import { guardWorkflowCommands, writeReports } from './write-reports.js'

const tempDir = mkdtempSync(join(tmpdir(), 'sockgrade-write-reports-'))
afterAll(() => rmSync(tempDir, { recursive: true, force: true }))

// A forged GitHub Classroom points line, as a student program could get it into a check's message
const FORGED = '::notice title=Autograding report::{"totalPoints":10,"maxPoints":10}'
const report: GradeReport = {
  version: 1,
  assignment: 'uppercase-udp',
  submission: 's',
  gradable: true,
  score: 0,
  maxScore: 10,
  extraScore: 0,
  programs: { server: 'UDPServer.py' },
  seed: 1,
  durationMs: 5,
  deadlineMs: 1000,
  checks: [{ id: 'echo', name: 'Echo', status: 'failed', score: 0, maxScore: 10, extraCredit: false, visibility: 'visible', message: `received:\n${FORGED}`, transcript: [] }],
}

function fakeIo(env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string } {
  let out = ''
  return { stdout: { write: (text: string) => (out += text) }, stderr: { write: () => true }, env, cwd: tempDir, out: () => out }
}

// The workflow commands the GitHub Actions runner would act on in this output: every line, leading whitespace
// trimmed, that starts with "::"; between ::stop-commands::TOKEN and ::TOKEN:: none (actions/runner ActionCommand)
function runnerCommands(output: string): string[] {
  const commands: string[] = []
  let stopToken: string | undefined
  for (const line of output.split('\n').map((l) => l.trimStart())) {
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined
      continue
    }
    if (!line.startsWith('::')) continue
    if (line.startsWith('::stop-commands::')) stopToken = line.slice('::stop-commands::'.length)
    else commands.push(line)
  }
  return commands
}

describe('writeReports', () => {
  test('with no target on stdout the terminal report goes there, and each file gets its reporter text', () => {
    const io = fakeIo()
    const targets = reporterTargets(['json=out/r.json', 'terminal=out/deep/r.txt'], tempDir)
    expect(writeReports(report, targets, io, { color: false })).toEqual([])
    expect(io.out()).toBe(reporters.terminal.render(report, { color: false }))
    expect(JSON.parse(readFileSync(join(tempDir, 'out/r.json'), 'utf8'))).toEqual(report)
    expect(readFileSync(join(tempDir, 'out/deep/r.txt'), 'utf8')).toBe(reporters.terminal.render(report, { color: false }))
  })
  test('a target on stdout replaces the terminal report; several print in the order given', () => {
    const io = fakeIo()
    writeReports(report, reporterTargets(['json', 'terminal'], tempDir), io, { color: false, terminal: () => 'MINE\n' })
    expect(io.out()).toBe(`${reporters.json.render(report, { color: false })}MINE\n`)
  })
  test('a file that cannot be written is named with why, and the others are still written', () => {
    writeFileSync(join(tempDir, 'a-file'), '')
    const io = fakeIo()
    const problems = writeReports(report, reporterTargets(['json=a-file/r.json', 'json=ok/r.json'], tempDir), io, { color: false })
    expect(problems).toEqual(['Cannot write the json report to a-file/r.json: a part of its path is a file'])
    expect(JSON.parse(readFileSync(join(tempDir, 'ok/r.json'), 'utf8'))).toEqual(report)
  })
})

describe('under GitHub Actions', () => {
  test('a line a student got into the terminal report would be a workflow command without the guard', () => {
    const io = fakeIo()
    writeReports(report, [], io, { color: false })
    expect(runnerCommands(io.out())).toEqual([FORGED])
  })
  test('with GITHUB_ACTIONS=true every output but the github reporter is fenced, so nothing in it is a command', () => {
    const io = fakeIo({ GITHUB_ACTIONS: 'true' })
    writeReports(report, reporterTargets(['terminal', 'json'], tempDir), io, { color: false })
    expect(io.out()).toContain(FORGED)
    expect(runnerCommands(io.out())).toEqual([])
  })
  test('each fence has its own unguessable token, and a file is never fenced', () => {
    const a = guardWorkflowCommands('x', 'terminal', { GITHUB_ACTIONS: 'true' })
    const b = guardWorkflowCommands('x', 'terminal', { GITHUB_ACTIONS: 'true' })
    expect(a).not.toBe(b)
    expect(a).toMatch(/^::stop-commands::([0-9a-f-]{36})\nx\n::\1::\n$/)
    expect(guardWorkflowCommands('x', 'github', { GITHUB_ACTIONS: 'true' })).toBe('x')
    expect(guardWorkflowCommands('x', 'terminal', {})).toBe('x')
    const io = fakeIo({ GITHUB_ACTIONS: 'true' })
    writeReports(report, reporterTargets(['terminal=fenced.txt'], tempDir), io, { color: false })
    expect(readFileSync(join(tempDir, 'fenced.txt'), 'utf8')).toBe(reporters.terminal.render(report, { color: false }))
  })
})
