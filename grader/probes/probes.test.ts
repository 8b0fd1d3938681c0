import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { checkOf, gradeFixture } from '../test-support/grade-fixture.js'

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

  test('a server on another port is told which port it used and which it was given', async () => {
    const report = await gradeFixture('uppercase-udp', fixture('wrong-port-server'), ['server-listens'])
    const message = checkOf(report, 'server-listens').message
    const [, used, given] = /listens on UDP port (\d+), not on port (\d+) given/.exec(message) ?? []
    expect(Number(used)).toBe(Number(given) + 1)
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
    const report = await gradeFixture('uppercase-tcp', reference('uppercase-tcp'), ['server-survives-invalid-utf8', 'server-handles-split-message'])
    expect(checkOf(report, 'server-survives-invalid-utf8').message).toMatch(/UnicodeDecodeError: .* \(TCPServer\.py line \d+: sentence = connectionSocket\.recv\(1024\)\.decode\(\)\)$/)
    expect(checkOf(report, 'server-handles-split-message').message).toMatch(/^Expected "(.+)", received "(.+)"$/)
  })
})
