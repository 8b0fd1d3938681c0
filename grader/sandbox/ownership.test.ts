import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { killSurvivors, survivorsAfterGrading, watchForToken } from '../chaos/survivors.js'
import { gradeSubmission } from '../grade-submission.js'
import type { GradeReport } from '../report.js'
import { hostileCopy } from '../test-support/hostile-copy.js'
import { detectIsolation, type SandboxBackend } from './detect.js'

// The sandbox belongs to the submission (issue 6): readiness sees every socket of its network namespace, whatever
// process holds it; what the submission leaves is killed; pid 1 reaps orphans, with either backend
const sandboxAvailable = (await detectIsolation()).mode === 'sandbox'
const fixtures = join(import.meta.dirname, 'fixtures')

interface Graded {
  readonly report: GradeReport
  readonly survivors: readonly unknown[]
  readonly seen: boolean
  readonly elapsedMs: number
}

async function graded(fixture: string, isolation: 'host' | 'sandbox', backend?: SandboxBackend): Promise<Graded> {
  const { dir, token } = hostileCopy(join(fixtures, fixture))
  const watch = watchForToken(token)
  const saved = process.env.SOCKGRADE_SANDBOX_BACKEND
  if (backend) process.env.SOCKGRADE_SANDBOX_BACKEND = backend
  const started = Date.now()
  try {
    const report = await gradeSubmission({ submission: dir, assignment: 'uppercase-udp', seed: 3, isolation })
    const elapsedMs = Date.now() - started
    const survivors = await survivorsAfterGrading(token)
    return { report, survivors, seen: watch.seen, elapsedMs }
  } finally {
    watch.stop()
    killSurvivors(token)
    if (saved === undefined) delete process.env.SOCKGRADE_SANDBOX_BACKEND
    else process.env.SOCKGRADE_SANDBOX_BACKEND = saved
  }
}

const statuses = (report: GradeReport) => Object.fromEntries(report.checks.filter((c) => c.status !== 'passed').map((c) => [c.id, c.status]))

describe.runIf(sandboxAvailable).each(['bwrap', 'unshare'] as const)('the %s sandbox', (backend) => {
  test('grades a server that serves from a detached grandchild while its first process sleeps, and names it', async () => {
    // This submission once hung the sandboxed grading for minutes: the daemon kept the port against the client checks
    const { report, survivors, seen, elapsedMs } = await graded('detached-listener', 'sandbox', backend)
    expect(seen).toBe(true)
    expect(statuses(report)).toEqual({ 'server-listens': 'failed' })
    expect(report.checks.find((c) => c.id === 'server-listens')?.message).toMatch(/from a background process that left its session \(forked, then setsid\)/)
    expect(elapsedMs).toBeLessThan(report.deadlineMs + 2000)
    expect(survivors).toEqual([])
  })

  test('reaps orphans: a server counting the zombies in its pid namespace finds none', async () => {
    const { report, survivors } = await graded('orphan-maker', 'sandbox', backend)
    const answers = report.checks.find((c) => c.id === 'server-answers-basic')
    expect(answers?.message ?? '').not.toMatch(/ZOMBIES/)
    expect(answers?.status).toBe('passed')
    expect(survivors).toEqual([])
  })
})

describe('on a shared host', () => {
  test('a server that serves from a detached grandchild is found by its marker, named and graded', async () => {
    const { report, survivors, seen } = await graded('detached-listener', 'host')
    expect(seen).toBe(true)
    expect(statuses(report)).toEqual({ 'server-listens': 'failed' })
    expect(report.checks.find((c) => c.id === 'server-listens')?.message).toMatch(/from a background process that left its session/)
    expect(survivors).toEqual([])
  })
})
