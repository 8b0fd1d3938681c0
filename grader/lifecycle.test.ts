import { execFile, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { findAssignment } from './assignments/load.js'
import { bundledRubric } from './grade-submission.js'
import { packageRoot } from './paths.js'
import { pidAlive } from './test-support/python.js'
import { gradeFixture } from './test-support/grade-fixture.js'
import { gradeInWorker } from './worker/grade-in-worker.js'

const bin = join(packageRoot, 'dist', 'grader', 'bin.js')

function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-leftovers-'))
  cpSync(join(import.meta.dirname, 'test-support', 'fixtures', 'leaves-children'), dir, { recursive: true })
  // Programs run on a private copy of the submission: they write their pids where this file says
  writeFileSync(join(dir, 'pid-dir.txt'), dir)
  return dir
}

async function pidIn(file: string): Promise<number> {
  for (let i = 0; i < 1000 && !existsSync(file); i++) await delay(10)
  return Number(readFileSync(file, 'utf8'))
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && pidAlive(pid); i++) await delay(10)
  return !pidAlive(pid)
}

describe('no student process outlives the grading', () => {
  test('children of a silent server and of a client that never exits are killed with their groups', async () => {
    const dir = copyFixture()
    const report = await gradeFixture('uppercase-udp', dir, ['server-listens', 'server-answers-basic', 'client-exits-cleanly'])
    expect(report.checks.map((c) => c.status)).toEqual(['passed', 'failed', 'failed'])
    expect(await gone(await pidIn(join(dir, 'server-child.pid')))).toBe(true)
    expect(await gone(await pidIn(join(dir, 'client-child.pid')))).toBe(true)
  })

  test('Ctrl-C on the sockgrade command kills the student programs it started', async () => {
    const dir = copyFixture()
    const childTmp = mkdtempSync(join(tmpdir(), 'ctrl-c-'))
    const child = spawn(process.execPath, [bin, 'grade', dir, '--assignment', 'uppercase-udp', '--seed', '1', '--isolation', 'host'], { stdio: 'ignore', env: { ...process.env, TMPDIR: childTmp } })
    const serverChild = await pidIn(join(dir, 'server-child.pid'))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const copies = () => readdirSync(childTmp).filter((name) => name.startsWith('submission-'))
    expect(copies().length).toBeGreaterThan(0)
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(await gone(serverChild)).toBe(true)
    // The private copy of the submission went with it
    expect(copies()).toEqual([])
  })
})

describe('the grading worker process', () => {
  test('grades a job given as JSON and returns the same report as grading in-process', async () => {
    const assignment = findAssignment('uppercase-udp')!
    const checks = bundledRubric().assignments.get('uppercase-udp')!
    const job = { submission: join(packageRoot, 'reference', 'uppercase-udp'), label: 'reference/uppercase-udp', assignment, checks, seed: 7, timeoutScale: 1 }
    const report = await gradeInWorker(job)
    expect(report.submission).toBe('reference/uppercase-udp')
    expect(report.score).toBe(report.maxScore)
    expect(report.checks.map((c) => c.id)).toEqual(checks.map((c) => c.id))
  })
})

describe('the installed command', () => {
  test('ends as soon as a TCP grading is done: no socket or timer keeps it alive', async () => {
    // A hang shows as the 30 s timeout killing the command, and the test failing on its exit
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'grade', join(packageRoot, 'reference', 'multiline-tcp'), '-a', 'multiline-tcp', '--json', '--seed', '2'], { timeout: 30_000 })
    const report = JSON.parse(stdout) as { score: number; maxScore: number }
    expect(report.score).toBe(report.maxScore)
  })

  test('prints JSON that jq-style consumers can read, with progress only on stderr', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, 'grade', join(packageRoot, 'reference', 'count-s-udp'), '-a', 'count-s-udp', '--json', '--seed', '5'])
    const report = JSON.parse(stdout) as { score: number; maxScore: number; seed: number }
    expect(report.score).toBe(report.maxScore)
    expect(report.seed).toBe(5)
    expect(stderr).toContain('Grading')
  })
})
