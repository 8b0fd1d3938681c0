import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { main } from '../cli.js'
import { checkCommand } from '../cli/check-command.js'
import { UsageError } from '../errors.js'
import { bundledAssignments } from '../assignments/load.js'
import { packageRoot } from '../paths.js'
import type { CheckResult, GradeReport } from '../report.js'
import { describeChanges } from './changes.js'
import { fixFirstLine, shorten } from './fix-first.js'
import { isIgnoredChange } from './watch-folder.js'

const tempDir = mkdtempSync(join(tmpdir(), 'sockgrade-check-'))
afterAll(() => rmSync(tempDir, { recursive: true, force: true }))

// A folder with the named files copied from the repository, under new names where given
function submission(name: string, files: Record<string, string>, extra: Record<string, string> = {}): string {
  const dir = join(tempDir, name)
  mkdirSync(dir)
  for (const [to, from] of Object.entries(files)) cpSync(join(packageRoot, from), join(dir, to))
  for (const [to, text] of Object.entries(extra)) writeFileSync(join(dir, to), text)
  return dir
}

async function check(args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await checkCommand([...args, '--isolation', 'host', '--seed', '7'], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: tempDir,
  })
  return { code, stdout, stderr, lastLine: stdout.trimEnd().split('\n').at(-1) }
}

// Every bundled assignment, as a usage error lists them
const known = [...bundledAssignments().keys()].join(', ')
const udpPair = { 'UDPServer.py': 'reference/uppercase-udp/UDPServer.py', 'UDPClient.py': 'reference/uppercase-udp/UDPClient.py' }

describe('sockgrade check', () => {
  test('infers the assignment from the programs, says how, and ends with full marks', async () => {
    submission('correct-udp', udpPair)
    const result = await check(['correct-udp'])
    expect(result.stderr).toContain('Checking correct-udp as uppercase-udp (inferred: ')
    expect(result.stderr).toContain('UDPServer.py uses .upper()')
    expect(result.lastLine).toBe('Nothing to fix: full marks')
    expect(result.code).toBe(0)
  })

  test('a file name only one assignment asks for names it, with no clue from the code', async () => {
    submission('web', { 'WebServer.py': 'reference/web-server/WebServer.py', 'client.py': 'reference/web-server/client.py' })
    const result = await check(['web'])
    expect(result.stderr).toContain('Checking web as web-server (inferred from client.py, WebServer.py;')
    expect(result.lastLine).toBe('Nothing to fix: full marks')
  })

  test('a lost point: exit 1, and the last line names the first failed check with its points', async () => {
    submission('lowercases', { ...udpPair, 'UDPServer.py': 'reference/uppercase-udp/broken/server-lowercases/UDPServer.py' })
    const result = await check(['lowercases', '--assignment', 'uppercase-udp'])
    expect(result.lastLine).toMatch(/^Fix first: Server answers a simple sentence \(server-answers-basic, 2 points\): Sent "[^"]+": expected /)
    expect(result.code).toBe(1)
  })

  test('sockgrade.yaml names the assignment', async () => {
    submission('declared', { 'UDPServer.py': 'reference/count-s-udp/UDPServer.py', 'UDPClient.py': 'reference/count-s-udp/UDPClient.py' }, { 'sockgrade.yaml': 'assignment: count-s-udp\n' })
    const result = await check(['declared'])
    expect(result.stderr).toContain('as count-s-udp (from sockgrade.yaml')
    expect(result.code).toBe(0)
  })

  test('sockgrade.yaml naming an unknown assignment is a usage error listing the known ones', async () => {
    submission('declared-unknown', udpPair, { 'sockgrade.yaml': 'assignment: uppercase-udpp\n' })
    await expect(check(['declared-unknown'])).rejects.toThrow(new UsageError(`sockgrade.yaml names assignment "uppercase-udpp", which is not one of: ${known}`))
  })

  test('sockgrade.yaml naming an assignment of 10,000 characters: the usage error quotes 200 of them', async () => {
    submission('declared-long', udpPair, { 'sockgrade.yaml': `assignment: ${'u'.repeat(10_000)}\n` })
    await expect(check(['declared-long'])).rejects.toThrow(new UsageError(`sockgrade.yaml names assignment "${'u'.repeat(200)}…", which is not one of: ${known}`))
  })

  test('a billion-laughs sockgrade.yaml: not gradable, said in one line, exit 1', async () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n')
    submission('billion-laughs', udpPair, { 'sockgrade.yaml': `${laughs}\n` })
    const result = await check(['billion-laughs', '--assignment', 'uppercase-udp'])
    const reason = 'sockgrade.yaml:5:8: alias "*d" brings the values aliases repeat past 10000: use fewer aliases'
    expect(result.stdout).toContain(`  Not gradable: ${reason}\n`)
    expect(result.stdout).not.toContain('Autograder failed')
    expect(result.lastLine).toBe(`Fix first: ${reason}`)
    expect(result.code).toBe(1)
  })

  test('a server alone that could be two assignments: the candidates, and a request for --assignment', async () => {
    submission('server-only', { 'UDPServer.py': 'reference/uppercase-udp/UDPServer.py' })
    await expect(check(['server-only'])).rejects.toThrow(/^Cannot tell which assignment UDPServer\.py is for: it could be multiline-udp, uppercase-udp; add --assignment <id>/)
  })

  test('a folder that does not exist is a usage error', async () => {
    await expect(check(['no-such-folder'])).rejects.toThrow(new UsageError('Cannot find the folder "no-such-folder"'))
  })

  test('an unparseable --due is a usage error', async () => {
    submission('due', udpPair)
    await expect(check(['due', '--due', 'friday'])).rejects.toThrow(/^Invalid value for --due: expected an ISO time/)
  })
})

function result(id: string, fields: Partial<CheckResult> = {}): CheckResult {
  return { id, name: `Check ${id}`, status: 'passed', score: 1, maxScore: 1, extraCredit: false, visibility: 'visible', message: '', transcript: [], ...fields }
}

function report(checks: CheckResult[], fields: Partial<GradeReport> = {}): GradeReport {
  const score = checks.reduce((sum, c) => sum + c.score, 0)
  const maxScore = checks.filter((c) => !c.extraCredit).reduce((sum, c) => sum + c.maxScore, 0)
  return { version: 1, assignment: 'uppercase-udp', submission: 's', gradable: true, score, maxScore, extraScore: 0, checks, programs: {}, seed: 1, durationMs: 1, deadlineMs: 1, ...fields }
}

const failed = (id: string, fields: Partial<CheckResult> = {}) => result(id, { status: 'failed', score: 0, message: `${id} went wrong`, ...fields })

describe('what to fix first', () => {
  test('the first failed check worth points, in rubric order; advisory, extra credit and skipped ones come after', () => {
    const checks = [result('a'), failed('advisory', { maxScore: 0 }), failed('extra', { extraCredit: true }), result('skipped', { status: 'skipped', score: 0 }), failed('b', { maxScore: 2 }), failed('c')]
    expect(fixFirstLine(report(checks))).toBe('Fix first: Check b (b, 2 points): b went wrong')
  })

  test('a visible failure comes before a hidden one', () => {
    expect(fixFirstLine(report([failed('hidden', { visibility: 'hidden' }), failed('shown')]))).toBe('Fix first: Check shown (shown, 1 point): shown went wrong')
  })

  test('a crash is said by its error line, with the hint for it', () => {
    const crashed = failed('basic', { message: 'Sent "dogs hosts": No reply: the server exited with code 1: TypeError: a bytes-like object is required', hint: 'Encode the reply: send(reply.encode())\nmore' })
    const causes = [{ side: 'server' as const, check: 'basic', message: "The server exited with code 1: TypeError: a bytes-like object is required, not 'str' (UDPServer.py line 9)" }]
    expect(fixFirstLine(report([crashed], { causes }))).toBe(
      "Fix first: Check basic (basic, 1 point): The server exited with code 1: TypeError: a bytes-like object is required, not 'str' (UDPServer.py line 9) Hint: Encode the reply: send(reply.encode())",
    )
  })

  test('full marks with extra credit left: the extra-credit checks still open are named', () => {
    expect(fixFirstLine(report([result('a'), failed('advisory', { maxScore: 0 }), failed('threads', { extraCredit: true })]))).toBe('Nothing to fix: full marks (extra credit still open: threads)')
    expect(fixFirstLine(report([result('a'), result('threads', { extraCredit: true })]))).toBe('Nothing to fix: full marks')
  })

  test('not gradable: the reason', () => {
    expect(fixFirstLine(report([], { gradable: false, notGradableReason: 'Cannot find "UDPServer.py"' }))).toBe('Fix first: Cannot find "UDPServer.py"')
  })

  test('messages are cut to their first line, at a word, without control characters', () => {
    const long = `${'word '.repeat(40)}end\nsecond line`
    expect(shorten(long)).toBe(`${'word '.repeat(19)}word…`)
    expect(shorten('red \u001b[31mtext\u0007')).toBe('red text')
  })
})

describe('changes since the last run', () => {
  test('now passing and newly failing, by id', () => {
    const before = report([failed('a'), result('b'), failed('c')])
    const after = report([result('a'), failed('b'), failed('c')])
    expect(describeChanges(before, after)).toBe('Now passing: a; newly failing: b')
    expect(describeChanges(after, after)).toBe('No change since the last run')
  })
})

describe('watched files', () => {
  test("the grader's, Python's and editors' own files do not start a run; the student's do", () => {
    for (const path of ['__pycache__/UDPServer.cpython-312.pyc', '.git/index', '.UDPServer.py.swp', 'UDPServer.py~', '4913', 'submission-abc/UDPServer.py']) expect(isIgnoredChange(path), path).toBe(true)
    for (const path of ['UDPServer.py', 'src/TCPClient.py', 'sockgrade.yaml']) expect(isIgnoredChange(path), path).toBe(false)
  })
})

describe('sockgrade check through the command line', () => {
  test('a folder that does not exist exits 2 with the usage hint', async () => {
    let stderr = ''
    const code = await main(['check', 'no-such-folder'], { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, env: {}, cwd: tempDir })
    expect(code).toBe(2)
    expect(stderr).toContain('Cannot find the folder "no-such-folder"')
  })
})
