import { describe, expect, test } from 'vitest'
import type { CheckResult, GradeReport } from '../report.js'
import { github } from './github.js'
import { HOSTILE, hostileReport, literalReport } from './fixtures/reports.js'

interface Command {
  readonly name: string
  readonly properties: Record<string, string>
  readonly data: string
}

// The runner's own reading of a log line (actions/runner ActionCommand.TryParseV2): leading whitespace trimmed, "::",
// the command and its properties up to the next "::", then the data; unescaped in the runner's mapping order
const DATA: readonly [string, string][] = [['%0D', '\r'], ['%0A', '\n'], ['%25', '%']]
const PROPERTY: readonly [string, string][] = [['%0D', '\r'], ['%0A', '\n'], ['%3A', ':'], ['%2C', ','], ['%25', '%']]
const unescape = (text: string, mappings: readonly [string, string][]) => mappings.reduce((s, [escaped, token]) => s.split(escaped).join(token), text)

function parseLine(line: string): Command | undefined {
  const message = line.trimStart()
  if (!message.startsWith('::')) return undefined
  const end = message.indexOf('::', 2)
  if (end < 0) return undefined
  const info = message.slice(2, end)
  const space = info.indexOf(' ')
  const name = space < 0 ? info : info.slice(0, space)
  const properties: Record<string, string> = {}
  if (space > 0) {
    for (const pair of info.slice(space + 1).trim().split(',').filter(Boolean)) {
      const eq = pair.indexOf('=')
      if (eq > 0 && eq < pair.length - 1) properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1), PROPERTY)
    }
  }
  return { name, properties, data: unescape(message.slice(end + 2), DATA) }
}

// The log lines a runner would read, each as a command (or undefined for a plain line)
function commands(text: string): (Command | undefined)[] {
  expect(text.endsWith('\n')).toBe(true)
  return text.slice(0, -1).split(/\r\n|\r|\n/).map(parseLine)
}

const render = (report: GradeReport) => github.render(report, { color: false })
const failing = (id: string, message: string): CheckResult => ({ ...literalReport.checks[1]!, id, name: `Check ${id}`, message, hint: undefined, transcript: [] })

describe('github reporter', () => {
  test('renders the literal report', async () => {
    await expect(render(literalReport)).toMatchFileSnapshot('__snapshots__/github.txt')
  })

  test('an error per failed or erred check, then the points as GitHub Classroom reads them', () => {
    const all = commands(render(literalReport))
    expect(all.map((c) => [c?.name, c?.properties.title])).toEqual([
      ['error', 'server-answers-basic: Server answers a simple sentence'],
      ['error', 'server-survives-invalid-utf8: Server survives bytes that are not UTF-8'],
      ['notice', 'Autograding complete'],
      ['notice', 'Autograding report'],
    ])
    expect(all[0]?.data).toBe('Sent "hello": expected "HELLO", received "hellored"\nHint: The reply is the message unchanged: is the transformed text the one sent back?')
    expect(all[2]?.data).toBe('Points 7/10')
    expect(JSON.parse(all[3]!.data)).toEqual({ totalPoints: 7, maxPoints: 10 })
  })

  test('hostile output cannot add a command line: not a second report, not one of its own', () => {
    const injection = '\n::notice title=Autograding report::{"totalPoints":100,"maxPoints":10}\r::add-mask::x\r\n  ::stop-commands::token %0A::notice::x\u2028::error::y'
    const report = { ...hostileReport, checks: [...hostileReport.checks, failing('inject', `Received ${injection}`)] }
    const text = render(report)
    const all = commands(text)
    expect(all.every((c) => c !== undefined)).toBe(true)
    expect(text.split('\n').filter(Boolean).every((line) => /^::(error|warning|notice) /.test(line))).toBe(true)
    expect(all.filter((c) => c?.properties.title === 'Autograding report').map((c) => c?.data)).toEqual(['{"totalPoints":0,"maxPoints":10}'])
    expect(all.map((c) => c?.name)).toEqual(['error', 'error', 'error', 'warning', 'notice', 'notice'])
    // The text reads back as the student printed it, cleaned: the escapes are undone, not added to
    expect(all[2]?.data).toBe('Received \n::notice title=Autograding report::{"totalPoints":100,"maxPoints":10}\n::add-mask::x\n  ::stop-commands::token %0A::notice::x ::error::y')
    expect(all[0]?.data).toContain('<script>alert(1)</script>')
    expect(text).not.toMatch(/[\u0000\u001b]/)
  })

  test('a title or file holding : or , is escaped and reads back whole', () => {
    const report: GradeReport = { ...literalReport, programs: { server: 'a,b:c/Server.py' }, checks: [{ ...failing('x', 'The server exited with code 1: NameError (Server.py line 7: x)'), name: 'Sends:: one, two' }] }
    const [first] = commands(render(report))
    expect(first?.properties).toEqual({ file: 'a,b:c/Server.py', line: '7', title: 'x: Sends:: one, two' })
  })

  test("a crash names the student's file and line; a similar name or a line-less message does not", () => {
    const report: GradeReport = {
      ...literalReport,
      programs: { server: 'src/UDPServer.py', client: 'UDPClient.py' },
      causes: [{ side: 'client', check: 'by-cause', message: "The client exited with code 1: TypeError: a bytes-like object is required, not 'str' (UDPClient.py line 9: clientSocket.sendto(message, addr))" }],
      checks: [
        failing('crash', "The server exited with code 1: TypeError: a bytes-like object is required, not 'str' (UDPServer.py line 10: serverSocket.sendto(m, a))"),
        failing('by-cause', 'Expected the client to print the reply: it printed nothing'),
        failing('other-file', 'The server exited with code 1: ValueError (MyUDPServer.py line 3: x)'),
        failing('no-line', 'Sent "hello": expected "HELLO", received "hello"'),
      ],
    }
    const errors = commands(render(report)).filter((c) => c?.name === 'error')
    expect(errors.map((c) => [c?.properties.file, c?.properties.line])).toEqual([
      ['src/UDPServer.py', '10'],
      ['UDPClient.py', '9'],
      [undefined, undefined],
      [undefined, undefined],
    ])
  })

  test('a submission that cannot be graded is an error, at the file and line its reason names', () => {
    const notGradable: GradeReport = { ...literalReport, gradable: false, notGradableReason: 'Cannot start "./run.sh": SyntaxError: invalid syntax (TCPServer.py line 3: print "x")', score: 0, extraScore: 0, checks: literalReport.checks.map((c) => ({ ...c, status: 'skipped', score: 0 })) }
    const [first, ...rest] = commands(render(notGradable))
    expect(first).toEqual({ name: 'error', properties: { file: 'TCPServer.py', line: '3', title: 'Not gradable' }, data: notGradable.notGradableReason })
    expect(rest.map((c) => c?.name)).toEqual(['notice', 'notice'])
  })

  test('a grader failure says to contact course staff', () => {
    const [first] = commands(render({ ...literalReport, harnessError: { message: 'Worker exited with code 134' } }))
    expect(first).toEqual({ name: 'error', properties: { title: 'The autograder failed; contact course staff' }, data: 'Worker exited with code 134' })
  })

  test('at most 10 error annotations: the first 9, and a tenth saying how many more', () => {
    const many = { ...literalReport, checks: Array.from({ length: 13 }, (_, i) => failing(`c${i}`, `failed ${i}`)) }
    const errors = commands(render(many)).filter((c) => c?.name === 'error')
    expect(errors).toHaveLength(10)
    expect(errors.slice(0, 9).map((c) => c?.data)).toEqual(Array.from({ length: 9 }, (_, i) => `failed ${i}`))
    expect(errors[9]).toEqual({ name: 'error', properties: { title: '4 more' }, data: '4 more checks did not pass: see the full report' })
  })

  test('a check missed without losing points is a warning, not an error', () => {
    const advisory = { ...failing('advisory', 'No newline at the end of the reply'), maxScore: 0 }
    const all = commands(render({ ...literalReport, checks: [advisory] }))
    expect(all[0]).toMatchObject({ name: 'warning', data: 'Advisory (no points), not met: No newline at the end of the reply' })
    expect(all.filter((c) => c?.name === 'error')).toEqual([])
  })

  test('a hidden check\'s annotation carries its name only, whatever command made the report', () => {
    const secret: GradeReport = { ...literalReport, checks: literalReport.checks.map((c) => (c.visibility === 'hidden' ? { ...c, status: 'failed', message: 'Sent "the hidden input"', hint: 'the hidden hint' } : c)) }
    const text = render(secret)
    expect(text).not.toContain('the hidden input')
    expect(text).not.toContain('the hidden hint')
    expect(text).toMatch(/^::error title=client-exits-cleanly%3A Client exits with status 0::Hidden until grades are released$/m)
  })

  test('is a pure function: the same report renders the same text', () => {
    expect(render(hostileReport)).toBe(render(structuredClone(hostileReport)))
    expect(HOSTILE).toContain('\n')
  })
})
