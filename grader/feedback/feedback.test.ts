import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { checkOf, gradeFixture } from '../test-support/grade-fixture.js'

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name)
const probeFixture = (name: string) => join(import.meta.dirname, '..', 'probes', 'fixtures', name)
const reference = (id: string) => join(import.meta.dirname, '..', '..', 'reference', id)
const TIMEOUT_MS = 60_000

// Broken programs as beginners write them, graded with the whole bundled rubric: the first check that saw the crash
// says what happened with the hint for that error; the checks it spoiled are skipped with one line
describe.concurrent('one cause, one message', () => {
  test('a server that sends a str: the first answer check names the TypeError, the later ones are skipped', { timeout: TIMEOUT_MS }, async () => {
    const report = await gradeFixture('uppercase-udp', fixture('str-bytes-server'))
    const basic = checkOf(report, 'server-answers-basic')
    expect(basic.status).toBe('failed')
    expect(basic.message).toContain("TypeError: a bytes-like object is required, not 'str' (UDPServer.py line 10: serverSocket.sendto(message.decode().upper(), clientAddress))")
    expect(basic.hint).toBe('Sockets send and receive bytes: encode() a str before sending (sentence.encode()), and decode() the bytes after receiving (reply.decode())')
    for (const id of ['server-answers-varied', 'server-serves-clients-in-a-row']) {
      expect(checkOf(report, id)).toMatchObject({ status: 'skipped', message: 'Not run: the server crashed in "server-answers-basic" (see there)', hint: undefined, spoiledBy: 'server-answers-basic' })
    }
    expect(checkOf(report, 'server-listens').status).toBe('passed')
    expect(report.checks.filter((c) => c.id.startsWith('client-')).every((c) => c.status === 'passed')).toBe(true)
    expect(report.causes).toEqual([{ side: 'server', check: 'server-answers-basic', message: expect.stringMatching(/^The server exited with code 1: TypeError: a bytes-like object is required, not 'str' \(UDPServer\.py line 10/) }])
  })

  test('a client that sends a str: one failed check with the TypeError and its hint, the other client checks skipped', { timeout: TIMEOUT_MS }, async () => {
    const report = await gradeFixture('uppercase-udp', fixture('str-bytes-client'))
    const sends = checkOf(report, 'client-sends-line')
    expect(sends.status).toBe('failed')
    expect(sends.message).toContain("TypeError: a bytes-like object is required, not 'str' (UDPClient.py line 9: clientSocket.sendto(message, (serverName, serverPort)))")
    expect(sends.hint).toContain('encode() a str before sending')
    for (const id of ['client-uses-transport', 'client-prints-reply', 'client-prints-decoded', 'client-exits-cleanly']) {
      expect(checkOf(report, id)).toMatchObject({ status: 'skipped', message: 'Not run: the client crashed in "client-sends-line" (see there)' })
    }
    expect(report.checks.map((c) => c.hint ?? '').join('\n')).not.toContain('The assignment is over UDP')
    expect(report.causes?.map((c) => [c.side, c.check])).toEqual([['client', 'client-sends-line']])
  })

  test('Python 2 is said once, in server-listens, with a Python 2 hint and not the sys.argv feedback', { timeout: TIMEOUT_MS }, async () => {
    const report = await gradeFixture('uppercase-udp', probeFixture('python2-server'), ['server-listens', 'server-answers-basic', 'server-answers-varied', 'server-serves-clients-in-a-row'])
    const listens = checkOf(report, 'server-listens')
    expect(listens.message).toContain('this looks like Python 2 code')
    expect(listens.hint).toBe('Write print(...) with parentheses and input() instead of raw_input(), then run the program with python3 to check')
    const later = report.checks.slice(1)
    expect(later.map((c) => [c.status, c.message])).toEqual(later.map(() => ['skipped', 'Not run: the server is not listening (see "server-listens")']))
    expect(JSON.stringify(report.checks).match(/Python 2 code/g)?.length).toBe(1)
    expect(report.causes).toEqual([{ side: 'server', check: 'server-listens', message: expect.stringContaining('this looks like Python 2 code') }])
  })

  test('a client that decodes the recvfrom tuple: the reply check names the AttributeError and says to unpack the pair', { timeout: TIMEOUT_MS }, async () => {
    const report = await gradeFixture('uppercase-udp', fixture('tuple-decode-client'), ['client-sends-line', 'client-uses-transport', 'client-prints-reply', 'client-exits-cleanly'])
    expect(report.checks.map((c) => c.status)).toEqual(['passed', 'passed', 'failed', 'skipped'])
    const prints = checkOf(report, 'client-prints-reply')
    expect(prints.message).toMatch(/; the client exited with code 1: AttributeError: 'tuple' object has no attribute 'decode' \(UDPClient\.py line 11: print\(reply\.decode\(\)\)\)$/)
    expect(prints.hint).toContain('recvfrom() returns a pair (bytes, address)')
    expect(prints.hint).not.toContain('not a value computed by the client')
  })

  test('a client that connects to the wrong port: ConnectionRefusedError, with a hint about the port', { timeout: TIMEOUT_MS }, async () => {
    const report = await gradeFixture('uppercase-tcp', fixture('refused-client'), ['client-sends-line', 'client-exits-cleanly'])
    const sends = checkOf(report, 'client-sends-line')
    expect(sends.message).toContain('ConnectionRefusedError')
    expect(sends.hint).toContain('start the server first, and connect to the host and port given on the command line')
    expect(checkOf(report, 'client-exits-cleanly').status).toBe('skipped')
  })

  test('an IndentationError is named with its line and gets the indentation hint', { timeout: TIMEOUT_MS }, async () => {
    const report = await gradeFixture('uppercase-udp', fixture('indented-server'), ['server-listens', 'server-answers-basic'])
    const listens = checkOf(report, 'server-listens')
    expect(listens.message).toContain('IndentationError')
    expect(listens.hint).toContain('do not mix tabs and spaces')
    expect(checkOf(report, 'server-answers-basic').status).toBe('skipped')
  })
})

describe.concurrent('hints by error, through grading', () => {
  test('a Python 2 pair: one message per program, the other nine checks skipped, two causes in the headline', { timeout: TIMEOUT_MS }, async () => {
    const report = await gradeFixture('uppercase-udp', fixture('python2-pair'))
    const told = report.checks.filter((c) => c.status === 'failed')
    expect(told.map((c) => c.id)).toEqual(['server-listens', 'client-sends-line'])
    for (const c of told) expect(c.hint).toContain('Write print(...) with parentheses')
    expect(report.checks.filter((c) => c.status === 'skipped').length).toBe(report.checks.length - 2)
    expect(report.causes?.map((c) => c.side)).toEqual(['server', 'client'])
    expect(report.score).toBe(0)
  })

  test('EOFError at the end of input: the exit check says so, with the try/except hint', { timeout: TIMEOUT_MS }, async () => {
    const report = await gradeFixture('multiline-udp', join(reference('multiline-udp'), 'broken', 'client-eoferror-at-end'), ['client-sends-every-line', 'client-exits-at-end-of-input'])
    expect(checkOf(report, 'client-sends-every-line').status).toBe('passed')
    const exits = checkOf(report, 'client-exits-at-end-of-input')
    expect(exits.message).toContain('EOFError')
    expect(exits.hint).toBe('input() raises EOFError when the input ends: catch it (try: ... except EOFError: break) and stop cleanly')
  })

  test('a host name that does not resolve: the hint says to use the host on the command line', { timeout: TIMEOUT_MS }, async () => {
    const report = await gradeFixture('uppercase-udp', fixture('unknown-host-client'), ['client-sends-line'])
    const sends = checkOf(report, 'client-sends-line')
    expect(sends.message).toContain('could not resolve the server\'s host name')
    expect(sends.hint).toContain('connect to the host given on the command line (sys.argv[1])')
  })

  test('bytes that are not UTF-8 crash the reference server in its advisory check: told so, but not a headline cause', { timeout: TIMEOUT_MS }, async () => {
    const report = await gradeFixture('uppercase-udp', reference('uppercase-udp'), ['server-listens', 'server-answers-basic', 'server-survives-invalid-utf8'])
    const utf8 = checkOf(report, 'server-survives-invalid-utf8')
    expect(utf8.message).toContain('UnicodeDecodeError')
    expect(utf8.hint).toContain("decode('utf-8', errors='replace')")
    expect(report.causes).toBeUndefined()
  })
})

describe.concurrent('partial credit', () => {
  test('a submission with only the client is graded: the client checks pass, the server checks fail in one line', { timeout: TIMEOUT_MS }, async () => {
    const report = await gradeFixture('uppercase-udp', fixture('only-client'))
    expect(report.gradable).toBe(true)
    const server = report.checks.filter((c) => !c.id.startsWith('client-'))
    expect(server.map((c) => [c.status, c.message, c.hint])).toEqual(server.map(() => ['failed', 'Cannot find "UDPServer.py" in the submission (found: UDPClient.py)', undefined]))
    expect(report.checks.filter((c) => c.id.startsWith('client-')).every((c) => c.status === 'passed')).toBe(true)
    expect(report.score).toBe(4)
    expect(report.programs).toEqual({ client: 'UDPClient.py' })
  })

  test('a submission with only the server is graded, naming every file found', { timeout: TIMEOUT_MS }, async () => {
    const report = await gradeFixture('uppercase-udp', fixture('only-server'), ['server-listens', 'server-answers-basic', 'client-sends-line', 'client-prints-reply'])
    expect(report.checks.map((c) => c.status)).toEqual(['passed', 'passed', 'failed', 'failed'])
    expect(checkOf(report, 'client-sends-line').message).toBe('Cannot find "UDPClient.py" in the submission (found: notes.txt, UDPServer.py)')
    expect(report.score).toBe(3)
  })

  test('a folder with neither program is not gradable', { timeout: TIMEOUT_MS }, async () => {
    const report = await gradeFixture('uppercase-udp', mkdtempSync(join(tmpdir(), 'sockgrade-empty-')), ['server-listens', 'client-sends-line'])
    expect(report.gradable).toBe(false)
    expect(report.notGradableReason).toBe('Cannot find "UDPServer.py" and "UDPClient.py" in the submission (the folder is empty)')
  })
})
