import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, test } from 'vitest'
import { findAssignment } from '../assignments/load.js'
import { grade } from '../grade.js'
import { isFullMarks } from '../report.js'
import { checkOf, gradeFixture } from '../test-support/grade-fixture.js'
import { pidAlive } from '../test-support/python.js'

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name)
const reference = (id: string) => join(import.meta.dirname, '..', '..', 'reference', id)

// Student programs as they really are: each fixture has one quirk the probes must judge fairly
describe.concurrent('probes against real student quirks', () => {
  test('a server that pads replies with NUL bytes and a newline still answers correctly', async () => {
    const report = await gradeFixture('uppercase-udp', fixture('nul-padded'), ['server-listens', 'server-answers-basic', 'server-answers-varied'])
    expect(report.checks.map((c) => c.status)).toEqual(['passed', 'passed', 'passed'])
  })

  test('a TCP server that leaves the connection open is answered after a pause, not a timeout', async () => {
    const report = await gradeFixture('uppercase-tcp', fixture('keeps-connection-open'), ['server-listens', 'server-answers-basic', 'server-serves-clients-in-a-row'])
    expect(report.checks.map((c) => c.status)).toEqual(['passed', 'passed', 'passed'])
  })

  test('a count inside a sentence passes the lenient check and fails digits-only, with a hint', async () => {
    const report = await gradeFixture('count-s-udp', fixture('count-in-sentence'), ['server-listens', 'server-answers-varied', 'server-reply-digits-only'])
    expect(checkOf(report, 'server-answers-varied').status).toBe('passed')
    const digits = checkOf(report, 'server-reply-digits-only')
    expect(digits.status).toBe('failed')
    expect(digits.message).toMatch(/^Expected only digits, received "The letter s appears \d+ times"$/)
    expect(digits.hint).toContain('str(count)')
  })

  test('a client that prints the bytes repr and the address after a prompt still prints the reply', async () => {
    const report = await gradeFixture('uppercase-udp', fixture('bytes-repr-client'), ['client-sends-line', 'client-prints-reply', 'client-exits-cleanly'])
    expect(report.checks.map((c) => c.status)).toEqual(['passed', 'passed', 'passed'])
  })

  test('a client that prints the bytes repr loses only the advisory decoding check, told to decode', async () => {
    const report = await gradeFixture('uppercase-udp', fixture('bytes-repr-client'), ['client-prints-reply', 'client-prints-decoded'])
    expect(checkOf(report, 'client-prints-reply').status).toBe('passed')
    const decoded = checkOf(report, 'client-prints-decoded')
    expect(decoded).toMatchObject({ status: 'failed', score: 0, maxScore: 0 })
    expect(decoded.message).toMatch(/^Reply 1 was printed as a bytes object, "b'[A-Z ]+ \[\d{4}\]'", not as the text "[A-Z ]+ \[\d{4}\]"$/)
    expect(decoded.hint).toContain('print(reply.decode())')
    expect(report.score).toBe(report.maxScore)
  })

  test('a client that reads the reply into a too small buffer is told it printed only the start', async () => {
    const report = await gradeFixture('uppercase-tcp', join(reference('uppercase-tcp'), 'broken', 'client-recv-buffer-too-small'), ['client-prints-reply'])
    const prints = checkOf(report, 'client-prints-reply')
    expect(prints.status).toBe('failed')
    expect(prints.hint).toContain('The client printed only the first 8 bytes of the reply: recv(n) returns at most n bytes')
  })

  test('a client that prints the reply decoded passes the decoding check', async () => {
    const report = await gradeFixture('multiline-tcp', reference('multiline-tcp'), ['client-prints-every-reply', 'client-prints-decoded'])
    expect(report.checks.map((c) => c.status)).toEqual(['passed', 'passed'])
  })

  test('a client that prints its own uppercase is caught and told so', async () => {
    const report = await gradeFixture('uppercase-udp', fixture('prints-own-uppercase'), ['client-sends-line', 'client-prints-reply'])
    expect(checkOf(report, 'client-sends-line').status).toBe('passed')
    const prints = checkOf(report, 'client-prints-reply')
    expect(prints.status).toBe('failed')
    expect(prints.message).toMatch(/^Reply 1: the server sent ".+ \[\d{4}\]", which is not in the client's output/)
    expect(prints.hint).toContain('printed its own computation')
  })

  test('Python 2 code is named as such, and the other server checks are skipped', async () => {
    const report = await gradeFixture('uppercase-udp', fixture('python2-server'), ['server-listens', 'server-answers-basic'])
    const listens = checkOf(report, 'server-listens')
    expect(listens.status).toBe('failed')
    expect(listens.message).toContain('this looks like Python 2 code')
    expect(listens.message).toContain('before listening on UDP port')
    expect(checkOf(report, 'server-answers-basic').status).toBe('skipped')
  })

  test('a server on another port is graded there, and told which port it used and which it was given', async () => {
    const report = await gradeFixture('uppercase-udp', fixture('wrong-port-server'), ['server-listens', 'server-answers-basic'])
    expect(checkOf(report, 'server-answers-basic').status).toBe('passed')
    const message = checkOf(report, 'server-listens').message
    const [, used, given, graded] = /^The server listens on UDP port (\d+), not on port (\d+) given on its command line \(the assignment's port is 12000\): the other checks talked to it on port (\d+)\./.exec(message) ?? []
    expect(Number(used)).toBe(Number(given) + 1)
    expect(graded).toBe(used)
  })

  test('a client that sends every line in one datagram loses the line check but not the transport check', async () => {
    const report = await gradeFixture('multiline-udp', fixture('sends-all-lines-in-one-datagram'), ['client-sends-every-line', 'client-uses-transport'])
    const sends = checkOf(report, 'client-sends-every-line')
    expect(sends.status).toBe('failed')
    expect(sends.message).toMatch(/^Line 1: typed ".+", the server received ".+\\n.+"$/)
    expect(checkOf(report, 'client-uses-transport').status).toBe('passed')
  })

  test('a robust multi-line TCP server passes every advisory check and earns the extra credit', async () => {
    const ids = ['server-listens', 'server-answers-lines-on-one-connection', 'server-survives-invalid-utf8', 'server-survives-abrupt-disconnect', 'server-handles-long-message', 'server-handles-split-message', 'server-handles-concurrent-clients']
    const report = await gradeFixture('multiline-tcp', fixture('robust-multiline-tcp'), ids)
    expect(report.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([])
    expect(report.score).toBe(report.maxScore + 1)
  })

  test('a robust UDP server passes the UDP advisory checks', async () => {
    const report = await gradeFixture('uppercase-udp', fixture('robust-udp'), ['server-survives-invalid-utf8', 'server-handles-empty-datagram', 'server-handles-long-message'])
    expect(report.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([])
  })

  test('the textbook TCP server loses the advisory checks with messages that say what happened', async () => {
    const report = await gradeFixture('uppercase-tcp', reference('uppercase-tcp'), ['server-survives-invalid-utf8'])
    expect(checkOf(report, 'server-survives-invalid-utf8').message).toMatch(/UnicodeDecodeError: .* \(TCPServer\.py line \d+: sentence = connectionSocket\.recv\(1024\)\.decode\(\)\)$/)
    const split = await gradeFixture('multiline-tcp', join(reference('multiline-tcp'), 'broken', 'textbook-server-one-line-per-connection'), ['server-handles-split-message'])
    expect(checkOf(split, 'server-handles-split-message').message).toMatch(/^Expected "(.+)", received "(.+)"$/)
  })
})

describe.concurrent('programs that follow the spec in their own way get full credit', () => {
  test('a TCP client that reads the reply until the server closes the connection', async () => {
    const report = await gradeFixture('uppercase-tcp', fixture('reads-until-close'), ['client-sends-line', 'client-prints-reply', 'client-exits-cleanly'])
    expect(report.checks.map((c) => `${c.id}: ${c.status} ${c.message}`.trim())).toEqual(['client-sends-line: passed', 'client-prints-reply: passed', 'client-exits-cleanly: passed'])
  })

  test('a TCP server that sends its reply in two parts before closing', async () => {
    const report = await gradeFixture('uppercase-tcp', fixture('reply-in-two-sends'), ['server-listens', 'server-answers-basic'])
    expect(checkOf(report, 'server-answers-basic').status).toBe('passed')
  })

  test('a UDP server that replies through a second socket', async () => {
    const report = await gradeFixture('uppercase-udp', fixture('udp-reply-from-other-socket'), ['server-listens', 'server-answers-basic'])
    expect(checkOf(report, 'server-answers-basic').status).toBe('passed')
  })
})

describe.concurrent('wrong programs earn nothing for what they did not do', () => {
  test('a client that connects and exits without sending earns no client points', async () => {
    const ids = ['client-sends-every-line', 'client-uses-transport', 'client-uses-one-connection', 'client-prints-every-reply', 'client-exits-at-end-of-input']
    const report = await gradeFixture('multiline-tcp', fixture('connects-and-exits'), ids)
    expect(report.checks.map((c) => c.status)).toEqual(ids.map(() => 'failed'))
    expect(report.score).toBe(0)
    expect(checkOf(report, 'client-uses-transport').message).toMatch(/^The client connected to the grader's server at 127\.0\.0\.1 port \d+ but sent nothing; it exited with code 0$/)
  })

  test('a client that keeps sending after its input ended is judged on its lines, in a report of bounded size', async () => {
    const report = await gradeFixture('multiline-udp', fixture('runaway-multiline-client'), ['client-sends-every-line', 'client-prints-every-reply', 'client-exits-at-end-of-input'])
    expect(checkOf(report, 'client-prints-every-reply').status).toBe('passed')
    // It prints a reply each time round: it passes the output cap (and is stopped there) well before its deadline
    expect(checkOf(report, 'client-exits-at-end-of-input').message).toMatch(/^The client (was still running \d+ ms after its input ended|printed more than 65536 bytes, so the grader stopped it before it exited)$/)
    expect(checkOf(report, 'client-sends-every-line').message).toMatch(/^Typed 4 line\(s\), the server received \d+ messages; extra: ""$/)
    expect(JSON.stringify(report).length).toBeLessThan(100_000)
  })

  test('extra credit does not make up for a lost point', async () => {
    const report = await gradeFixture('multiline-tcp', fixture('robust-multiline-tcp'), ['server-listens', 'server-answers-basic', 'server-handles-concurrent-clients'])
    const withLoss = { ...report, checks: report.checks, score: report.score - 1 }
    expect(report.extraScore).toBe(1)
    expect(isFullMarks(report)).toBe(true)
    expect(isFullMarks(withLoss)).toBe(false)
  })
})

describe('a server that lowercases instead of uppercasing', () => {
  test('is told once, with the hint for that mistake; the advisory checks do not fail again for it', async () => {
    const report = await gradeFixture('uppercase-udp', fixture('lowercasing-server'), ['server-listens', 'server-answers-basic', 'server-handles-empty-datagram', 'server-handles-long-message'])
    const basic = checkOf(report, 'server-answers-basic')
    expect(basic.status).toBe('failed')
    expect(basic.hint).toMatch(/upper\(\)/)
    expect(basic.hint).not.toMatch(/unchanged: is the transformed text/)
    for (const id of ['server-handles-empty-datagram', 'server-handles-long-message']) {
      expect(checkOf(report, id)).toMatchObject({ status: 'skipped', message: 'Skipped: requires "server-answers-basic", which did not pass' })
    }
  })
})

describe('a server that daemonizes', () => {
  test('is named as such and its background process does not outlive the grading', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockgrade-daemon-'))
    cpSync(fixture('daemonizing-server'), dir, { recursive: true })
    writeFileSync(join(dir, 'pid-dir.txt'), dir)
    const report = await gradeFixture('uppercase-udp', dir, ['server-listens'])
    expect(checkOf(report, 'server-listens').message).toMatch(/^The server's first process exited \(code 0\) and left a background process listening on UDP port \d+: run the server in the foreground/)
    const daemon = Number(readFileSync(join(dir, 'daemon.pid'), 'utf8'))
    for (let i = 0; i < 100 && pidAlive(daemon); i++) await delay(10)
    expect(pidAlive(daemon)).toBe(false)
  })
})

describe('a grader fault', () => {
  test('gives a report that says the autograder failed, with the details in harnessError, not a throw', async () => {
    const assignment = findAssignment('uppercase-udp')!
    const checks = [{ id: 'broken', name: 'Broken', probe: 'no-such-probe', params: {}, points: 1, extraCredit: false, visibility: 'visible' as const, requires: [] }]
    const report = await grade({ submission: reference('uppercase-udp'), assignment, checks, seed: 1, timeoutScale: 1 })
    expect(report.gradable).toBe(false)
    expect(report.notGradableReason).toBe('The autograder failed: contact course staff')
    expect(report.harnessError?.message).toBe('Unknown probe "no-such-probe" in check "broken"')
    expect(isFullMarks(report)).toBe(false)
  })
})
