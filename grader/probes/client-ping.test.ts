// The client-ping checks on shapes of UDPPingerClient.py that public student code takes, graded as a whole (real
// processes against the grader's lossy server): each loses exactly what a careful TA would take off
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { gradeSubmission } from '../grade-submission.js'
import { lostCheckIds, type GradeReport } from '../report.js'
import { detectIsolation } from '../sandbox/detect.js'

const sandboxAvailable = (await detectIsolation()).mode === 'sandbox'
const fixture = (name: string) => join(import.meta.dirname, 'fixtures', 'pingers', name)
// What each lost check said, for a failing test to show
const why = (report: GradeReport) => report.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`).join('\n')
const grade = (name: string, isolation: 'host' | 'sandbox' = 'host') => gradeSubmission({ submission: fixture(name), assignment: 'udp-pinger', seed: 3, isolation })

describe('a pinger client as students write it', () => {
  test.concurrent.each([
    // Fixed port 12000 and "localhost", the answer as b'...', RTT in whole ms, pings 0-9: all but the optional summary
    ['bytes-repr-fixed-port', ['prints-rtt-summary']],
    // One line a ping, RTT in seconds to 2 decimals, a datetime as the time, ping(8)'s summary: everything
    ['one-line-with-summary', []],
    // Host and port asked for with input(): typed for it; no summary
    ['asks-for-address', ['prints-rtt-summary']],
    // "请求超时" says it timed out, but not in words the grader (or an English-reading TA) takes for it
    ['translated-timeout', ['prints-rtt-summary', 'prints-timeouts']],
    // The same RTT for every ping: made up
    ['constant-rtt', ['prints-rtt-summary', 'prints-true-rtts']],
  ])('%s loses %j', async (name, loses) => {
    const report = await grade(name)
    expect(report.gradable).toBe(true)
    expect(lostCheckIds(report), why(report)).toEqual(loses)
  })

  test.runIf(sandboxAvailable)('with its port and host fixed, is graded as written in the sandbox too', async () => {
    const report = await grade('bytes-repr-fixed-port', 'sandbox')
    expect(lostCheckIds(report), why(report)).toEqual(['prints-rtt-summary'])
  })

  test.each([
    ['host', true],
    ['sandbox', sandboxAvailable],
  ] as const)('a Java pinger declared by sockgrade.yaml is built and graded in full (%s)', async (isolation, available) => {
    if (!available) return
    const report = await gradeSubmission({ submission: join(import.meta.dirname, '..', 'submission', 'fixtures', 'java-udp-pinger'), assignment: 'udp-pinger', seed: 3, isolation })
    expect(report.gradable, report.notGradableReason).toBe(true)
    expect(lostCheckIds(report), why(report)).toEqual([])
  }, 120_000)

  // Its ten pings take longer than the grader waits: the sleep is named as the cause, not a missing timeout
  test('a client that sleeps 1 s after each ping is told the sleep, not a missing timeout, stopped it', async () => {
    const report = await grade('sleeps-between-pings')
    const check = report.checks.find((c) => c.id === 'sends-ten-pings')
    expect(check?.message).toMatch(/^The client sent [89] of 10 pings before the grader stopped it at \d+ ms: after an answer it usually waited (9\d\d|1\d{3}) ms before its next ping \(ping \d+ was answered at \d+ ms, ping \d+ sent at \d+ ms\)$/)
    expect(check?.hint).toContain('take out the time.sleep() between pings')
    expect(lostCheckIds(report)).toEqual(expect.arrayContaining(['ends-in-time', 'sends-ten-pings']))
  })

  test('a hint names the usual wording when a timeout is not said with "timed out"', async () => {
    const report = await grade('translated-timeout')
    const check = report.checks.find((c) => c.id === 'prints-timeouts')
    expect(check?.message).toContain('printed no line saying it timed out')
    expect(check?.hint).toContain('"Request timed out"')
  })
})
