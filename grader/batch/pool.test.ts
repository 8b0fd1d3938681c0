import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { setTimeout as delay } from 'node:timers/promises'
import { pidsWithToken, survivorsAfterGrading } from '../chaos/survivors.js'
import { referenceDir } from '../paths.js'
import { detectIsolation } from '../sandbox/detect.js'
import type { GradeRequest } from './pool-messages.js'
import type { WorkerOutcome } from './pool-worker-process.js'
import { GradingPool, type PoolTask } from './pool.js'

const isolation = (await detectIsolation()).mode
const pools: GradingPool[] = []
afterEach(async () => {
  for (const pool of pools.splice(0)) {
    pool.stop()
    await pool.close()
  }
})

// A server that binds and never answers and a client that never exits, their command lines carrying a token
function hangingStudent(token: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pool-hang-'))
  const reexec = `import os, sys, time\nif sys.argv[-1] != '${token}':\n    os.execv(sys.executable, [sys.executable, __file__] + sys.argv[1:] + ['${token}'])\n`
  writeFileSync(join(dir, 'UDPServer.py'), `${reexec}from socket import *\ns = socket(AF_INET, SOCK_DGRAM)\ns.bind(('', int(sys.argv[1]) if len(sys.argv) > 2 else 12000))\nwhile True:\n    time.sleep(60)\n`)
  writeFileSync(join(dir, 'UDPClient.py'), `${reexec}while True:\n    time.sleep(60)\n`)
  return dir
}

function referenceCopy(variant?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pool-ref-'))
  cpSync(join(referenceDir, 'uppercase-udp', ...(variant ? ['broken', variant] : [])), dir, { recursive: true, filter: (path) => !path.endsWith('expect.yaml') && !path.endsWith('/broken') })
  return dir
}

function task(studentId: string, dir: string, timeoutMs = 120_000): PoolTask {
  const request: GradeRequest = { type: 'grade', studentId, dir, assignment: 'uppercase-udp', seed: 7, timeoutScale: 1, isolation }
  return { request, timeoutMs }
}

function newPool(jobs: number): GradingPool {
  const pool = new GradingPool({ jobs, env: process.env })
  pools.push(pool)
  return pool
}

describe(`the batch pool (${isolation})`, () => {
  test('grades each student in a worker and reports each outcome once, in any order', async () => {
    const outcomes = new Map<string, WorkerOutcome>()
    const tasks = [task('good', referenceCopy()), task('lowercases', referenceCopy('server-lowercases')), task('good-2', referenceCopy())]
    await newPool(2).run(tasks, (outcome, t) => {
      expect(outcomes.has(t.request.studentId)).toBe(false)
      outcomes.set(t.request.studentId, outcome)
    })
    expect([...outcomes.keys()].sort()).toEqual(['good', 'good-2', 'lowercases'])
    const score = (id: string) => {
      const outcome = outcomes.get(id)
      return outcome?.type === 'report' ? [outcome.report.submission, outcome.report.score, outcome.report.maxScore] : outcome
    }
    expect(score('good')).toEqual(['good', 10, 10])
    expect(score('good-2')).toEqual(['good-2', 10, 10])
    const lowercases = outcomes.get('lowercases')
    expect(lowercases?.type === 'report' && lowercases.report.score < lowercases.report.maxScore).toBe(true)
  }, 60_000)

  test('a grading past its timeout loses its worker, leaves no process, and the next student still gets graded', async () => {
    const token = `pool-hang-${randomUUID()}`
    const outcomes: WorkerOutcome[] = []
    await newPool(1).run([task('hangs', hangingStudent(token), 2500), task('after', referenceCopy())], (outcome) => outcomes.push(outcome))
    expect(outcomes.map((o) => [o.studentId, o.type])).toEqual([
      ['hangs', 'lost'],
      ['after', 'report'],
    ])
    expect(outcomes[0]?.type === 'lost' && outcomes[0].reason).toBe('deadline')
    expect(await survivorsAfterGrading(token)).toEqual([])
  }, 60_000)

  test('stop() ends the run at once: nothing in flight is reported, and no student program is left', async () => {
    const token = `pool-stop-${randomUUID()}`
    const pool = newPool(2)
    const reported: string[] = []
    const running = pool.run([task('a', hangingStudent(token)), task('b', hangingStudent(token)), task('c', hangingStudent(token))], (outcome) => reported.push(outcome.studentId))
    // Both hanging servers are up before the stop
    const until = Date.now() + 20_000
    while (Date.now() < until && pidsWithToken(token).length < 2) await delay(100)
    expect(pidsWithToken(token).length).toBeGreaterThanOrEqual(2)
    const started = Date.now()
    pool.stop()
    await running
    expect(Date.now() - started).toBeLessThan(5000)
    expect(reported).toEqual([])
    expect(await survivorsAfterGrading(token)).toEqual([])
  }, 60_000)
})
