import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { findAssignment } from './assignments/load.js'
import { killSurvivors, pidsWithToken, survivorsAfterGrading, watchForToken } from './chaos/survivors.js'
import { gradingDeadline } from './deadline.js'
import { clientDialogueMs } from './sessions/client-dialogue.js'
import { GradingDeadlineError } from './errors.js'
import { bundledRubric, gradeSubmission } from './grade-submission.js'
import { detectIsolation } from './sandbox/detect.js'
import { hostileCopy } from './test-support/hostile-copy.js'
import { scaledTiming } from './timing.js'
import { gradeInWorker } from './worker/grade-in-worker.js'

const sandboxAvailable = (await detectIsolation()).mode === 'sandbox'
const assignment = findAssignment('uppercase-udp')!
const checks = bundledRubric().assignments.get('uppercase-udp')!

describe('a grading deadline', () => {
  test('is the sum of its parts, stretched by --timeout-scale, with a build step when one is declared', () => {
    const plain = gradingDeadline({ assignment, checks, timing: scaledTiming(1), build: false })
    const built = gradingDeadline({ assignment, checks, timing: scaledTiming(1), build: true })
    const slow = gradingDeadline({ assignment, checks, timing: scaledTiming(3), build: false })
    expect(built.totalMs - plain.totalMs).toBe(scaledTiming(1).buildMs)
    expect(slow.totalMs).toBeGreaterThanOrEqual(3 * plain.totalMs - 3)
    expect(slow.totalMs).toBeLessThanOrEqual(3 * plain.totalMs + 3)
    // Every check has a bound of its own, and the whole is more than all of them
    expect([...plain.checkMs.keys()]).toEqual(checks.map((c) => c.id))
    expect(plain.totalMs).toBeGreaterThan([...plain.checkMs.values()].reduce((a, b) => a + b, 0))
  })

  test('of a server probe grows with the replies it waits for', () => {
    const answers = checks.find((c) => c.probe === 'server-answers')!
    const timing = scaledTiming(1)
    const one = gradingDeadline({ assignment, checks: [{ ...answers, params: { ...answers.params, count: 1 } }], timing, build: false })
    const five = gradingDeadline({ assignment, checks: [{ ...answers, params: { ...answers.params, count: 5 } }], timing, build: false })
    expect(five.checkMs.get(answers.id)! - one.checkMs.get(answers.id)!).toBe(4 * timing.replyMs + 4 * 5 * timing.replyIdleMs)
  })

  test('is in every report', async () => {
    const report = await gradeSubmission({ submission: '/nonexistent/folder', assignment: 'uppercase-udp', isolation: 'host' })
    expect(report.gradable).toBe(false)
    expect(report.deadlineMs).toBe(gradingDeadline({ assignment, checks, timing: scaledTiming(1), build: false }).totalMs)
  })
})

describe.each([
  ['host', true],
  ['sandbox', sandboxAvailable],
] as const)('a %s grading that reaches its deadline', (isolation, available) => {
  test.runIf(available)('still gives a report, says what each unfinished check waited for, and leaves nothing', async () => {
    const { dir, token } = hostileCopy(join(import.meta.dirname, 'sandbox', 'fixtures', 'client-never-exits'))
    const watch = watchForToken(token)
    // The server checks finish at once; the client never exits, so the client checks are cut short by the watchdog
    const deadlineMs = 5000
    const started = Date.now()
    try {
      const report = await gradeSubmission({ submission: dir, assignment: 'uppercase-udp', seed: 2, isolation, deadlineMs })
      const elapsedMs = Date.now() - started
      expect(report.deadlineMs).toBe(deadlineMs)
      expect(report.deadlineReached).toBe(true)
      expect(report.gradable).toBe(true)
      expect(report.harnessError).toBeUndefined()
      expect(report.checks.filter((c) => c.id.startsWith('server-')).every((c) => c.status === 'passed' || c.maxScore === 0)).toBe(true)
      const client = report.checks.filter((c) => c.id.startsWith('client-'))
      expect(client.length).toBeGreaterThan(0)
      // What the client showed before the deadline (it sent its line and printed the reply) still counts; what it
      // did not get to show (its exit) fails with what the grading was waiting for
      for (const check of client.filter((c) => c.status !== 'passed')) {
        expect(check.status).toBe('failed')
        expect(check.message).toMatch(/^The grading ran out of time \(its deadline is 5000 ms\) while waiting for the client to exit$/)
      }
      expect(client.find((c) => c.id === 'client-exits-cleanly')?.status).toBe('failed')
      expect(elapsedMs).toBeLessThan(deadlineMs + 2000)
      expect(watch.seen).toBe(true)
      expect(await survivorsAfterGrading(token)).toEqual([])
    } finally {
      watch.stop()
      killSurvivors(token)
    }
  })
})

describe('the worker process', () => {
  test('is killed with its whole group 1 s after the deadline when its own watchdog did not end it', async () => {
    // A wrapper that never starts the worker stands for a worker whose watchdog cannot run
    const marker = `600.${process.pid}${Date.now() % 100_000}`
    const wrapper = ['/bin/sh', '-c', `sleep ${marker}; :`, 'sockgrade-stuck']
    const job = { submission: '/nonexistent', assignment, checks, seed: 1, timeoutScale: 1, deadlineMs: 1500 }
    const started = Date.now()
    await expect(gradeInWorker(job, { wrapper })).rejects.toBeInstanceOf(GradingDeadlineError)
    expect(Date.now() - started).toBeLessThan(1500 + 2000)
    expect(pidsWithToken(marker)).toEqual([])
  })
})

describe('the deadline of an assignment played against the lossy server', () => {
  const pinger = findAssignment('udp-pinger')!
  const pingChecks = bundledRubric().assignments.get('udp-pinger')!
  const timing = scaledTiming(1)

  test('gives each check the whole run, and counts the run its checks share once', () => {
    const { totalMs, checkMs } = gradingDeadline({ assignment: pinger, checks: pingChecks, timing, build: false })
    const spec = pinger['lossy-server']!
    // A client that waits 2 s on every lost ping while each answer takes its longest still fits one check's bound
    const slowRunMs = spec.drops.max * 2000 + spec.datagrams * spec['delay-ms'].max
    for (const bound of checkMs.values()) expect(bound).toBeGreaterThan(slowRunMs)
    const oneCheck = Math.max(...checkMs.values())
    const everyCheckItsOwnRun = [...checkMs.values()].reduce((a, b) => a + b, 0)
    expect(totalMs).toBeGreaterThan(oneCheck + timing.setUpMs)
    // Nine checks, one run: the later eight do not wait for a run of their own
    expect(totalMs).toBeLessThan(everyCheckItsOwnRun - (checkMs.size - 1) * slowRunMs)
  })
})

describe('the deadline of an assignment played against client dialogues', () => {
  const smtp = findAssignment('smtp-client')!
  const smtpChecks = bundledRubric().assignments.get('smtp-client')!
  const timing = scaledTiming(1)

  test('gives each check its dialogue whole, and counts each dialogue once, however many checks judge it', () => {
    const { totalMs, checkMs } = gradingDeadline({ assignment: smtp, checks: smtpChecks, timing, build: false })
    const mainRunMs = clientDialogueMs(smtp, timing)
    const refusedRunMs = clientDialogueMs(smtp, timing, 'rcpt-rejected')
    // Two runs in all: the total holds both, but not a run for each of the sixteen checks
    expect(totalMs).toBeGreaterThan(mainRunMs + refusedRunMs + timing.setUpMs)
    const everyCheckItsOwnRun = [...checkMs.values()].reduce((a, b) => a + b, 0)
    expect(totalMs).toBeLessThan(everyCheckItsOwnRun - (smtpChecks.length - 2) * mainRunMs + mainRunMs)
  })
})
