import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { main } from './cli.js'
import { commands, USAGE } from './cli/commands.js'
import { bundledRubric } from './grade-submission.js'
import { packageRoot } from './paths.js'
import { probes } from './probes/index.js'
import type { GradeReport } from './report.js'

const ANSI = /\u001b\[/
const STACK_FRAME = /^\s+at /m
const ASSIGNMENT_IDS = ['count-s-tcp', 'count-s-udp', 'multiline-tcp', 'multiline-udp', 'smtp-client', 'uppercase-tcp', 'uppercase-udp', 'web-proxy', 'web-server']

const tempDir = mkdtempSync(join(tmpdir(), 'sockgrade-cli-'))
afterAll(() => rmSync(tempDir, { recursive: true, force: true }))

// Run the CLI with fake streams, from the repo root
async function run(argv: string[], options: { env?: NodeJS.ProcessEnv; isTTY?: boolean } = {}) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.isTTY },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
    cwd: packageRoot,
  })
  return { code, stdout, stderr }
}

function tempFolder(name: string, files: Record<string, string> = {}): string {
  const dir = join(tempDir, name)
  mkdirSync(dir)
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text)
  return dir
}

// A rubric with two schema problems, and the path to it as typed from the repo root
const invalidRubric = (() => {
  const file = join(tempDir, 'invalid-rubric.yaml')
  writeFileSync(file, 'version: 1\nassignments:\n  uppercase-udp:\n    checks:\n      - id: listens\n        name: Listens\n        probe: server-listens\n        points: one\n        visibility: secret\n')
  return { file, typed: relative(packageRoot, file) }
})()
const invalidRubricProblems = [
  `${invalidRubric.typed}:8:17: uppercase-udp › listens › points: must be a number`,
  `${invalidRubric.typed}:9:21: uppercase-udp › listens › visibility: must be one of "visible", "hidden", "after_due_date"`,
]

// The reference client with a server in Python 2, which exits at once with a SyntaxError
const python2Submission = tempFolder('python2-server', { 'UDPServer.py': 'print "x"\n' })
copyFileSync(join(packageRoot, 'reference/uppercase-udp/UDPClient.py'), join(python2Submission, 'UDPClient.py'))

const emptySubmission = tempFolder('empty')

describe('usage', () => {
  test('no arguments: usage on stdout, exit 2', async () => {
    expect(await run([])).toEqual({ code: 2, stdout: USAGE, stderr: '' })
  })

  test.each(['--help', '-h', 'help'])('%s: usage on stdout, exit 0', async (flag) => {
    expect(await run([flag])).toEqual({ code: 0, stdout: USAGE, stderr: '' })
  })

  test.each(['--version', '-V', '-v'])('%s prints the package version', async (flag) => {
    const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
    expect(await run([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  test('the overview lists every command of the registry', async () => {
    for (const name of Object.keys(commands)) expect(USAGE).toMatch(new RegExp(`^  sockgrade ${name}\\b`, 'm'))
  })

  test.each(Object.keys(commands).flatMap((name) => [[name, '--help'], [name, '-h']]))('%s %s: that command\'s usage and examples on stdout, exit 0', async (name, flag) => {
    const { usage } = await commands[name as keyof typeof commands].load()
    expect(usage).toMatch(new RegExp(`^Usage:\\s+sockgrade ${name}\\b`))
    expect(usage).toContain(`\nExamples:\n  sockgrade ${name}`)
    expect(await run([name, flag])).toEqual({ code: 0, stdout: usage, stderr: '' })
  })

  test('--help wins over everything else typed, and "help <command>" says the same', async () => {
    const { usage } = await commands.grade.load()
    expect(await run(['grade', 'no-such-folder', '--seed', 'abc', '--help'])).toEqual({ code: 0, stdout: usage, stderr: '' })
    expect(await run(['help', 'grade'])).toEqual({ code: 0, stdout: usage, stderr: '' })
  })

  test('an unknown command exits 2 with a message on stderr', async () => {
    expect(await run(['frob'])).toEqual({ code: 2, stdout: '', stderr: 'sockgrade: Unknown command "frob"\nRun "sockgrade --help" for usage.\n' })
  })

  test.each([
    ['grdae', 'grade'],
    ['lsit', 'list'],
    ['valdate', 'validate'],
    ['Demo', 'demo'],
  ])('a typo "%s" exits 2 suggesting "%s"', async (typed, meant) => {
    expect(await run([typed])).toEqual({ code: 2, stdout: '', stderr: `sockgrade: Unknown command "${typed}": did you mean "${meant}"?\nRun "sockgrade --help" for usage.\n` })
  })

  test('help for an unknown command is a usage error too', async () => {
    const { code, stderr } = await run(['help', 'grdae'])
    expect(code).toBe(2)
    expect(stderr).toContain('Unknown command "grdae": did you mean "grade"?')
  })

  test('an unknown option before any command exits 2 naming it', async () => {
    expect(await run(['--nope'])).toEqual({ code: 2, stdout: '', stderr: 'sockgrade: Unknown option "--nope"\nRun "sockgrade --help" for usage.\n' })
  })

  test.each([
    [['--nope'], 'Unknown option "--nope"'],
    [['--assignmnet', 'uppercase-udp'], 'Unknown option "--assignmnet": did you mean "--assignment"?'],
    [['-z'], 'Unknown option "-z"'],
    [['--assignment'], 'Option "--assignment" needs a value'],
    [['--assignment', '--json'], 'Option "--assignment" needs a value'],
    [['-a', '--json'], 'Option "-a" needs a value'],
    [['-a', 'uppercase-udp', '--json=yes'], 'Option "--json" takes no value'],
  ])('grade x %j exits 2: %s', async (args, message) => {
    expect(await run(['grade', 'x', ...args])).toEqual({ code: 2, stdout: '', stderr: `sockgrade: ${message}\nRun "sockgrade grade --help" for usage.\n` })
  })

  test('grade without a submission folder exits 2', async () => {
    const { code, stderr } = await run(['grade', '--assignment', 'uppercase-udp'])
    expect(code).toBe(2)
    expect(stderr).toContain('Missing the submission folder')
  })

  test('grade without --assignment exits 2', async () => {
    expect(await run(['grade', 'reference/uppercase-udp'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'sockgrade: Missing --assignment <id> (see: sockgrade list)\nRun "sockgrade grade --help" for usage.\n',
    })
  })

  test('grade of an unknown assignment exits 2 listing the known ones', async () => {
    const { code, stdout, stderr } = await run(['grade', 'reference/uppercase-udp', '--assignment', 'uppercase-sctp'])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toContain(`sockgrade: Unknown assignment "uppercase-sctp" (known: ${ASSIGNMENT_IDS.join(', ')})\n`)
  })

  test.each([
    ['--seed', 'abc', 'sockgrade: Invalid value for --seed: expected a whole number from 0 to 2147483647, got "abc"'],
    ['--seed', '1.5', 'sockgrade: Invalid value for --seed: expected a whole number from 0 to 2147483647, got "1.5"'],
    ['--timeout-scale', '0', 'sockgrade: Invalid value for --timeout-scale: expected a number greater than 0 and at most 100, got "0"'],
    ['--fail-under', '101', 'sockgrade: Invalid value for --fail-under: expected a number from 0 to 100, got "101"'],
    ['--fail-under', '', 'sockgrade: Invalid value for --fail-under: expected a number from 0 to 100, got ""'],
    ['--seed', '-1', 'sockgrade: Invalid value for --seed: expected a whole number from 0 to 2147483647, got "-1"'],
    ['--timeout-scale', '-0.5', 'sockgrade: Invalid value for --timeout-scale: expected a number greater than 0 and at most 100, got "-0.5"'],
    ['--isolation', 'sandbx', 'sockgrade: Invalid value for --isolation: expected "auto", "sandbox", "host", got "sandbx"'],
  ])('%s "%s" exits 2 naming the flag', async (flag, value, message) => {
    expect(await run(['grade', 'reference/uppercase-udp', '--assignment', 'uppercase-udp', flag, value])).toEqual({
      code: 2,
      stdout: '',
      stderr: `${message}\nRun "sockgrade grade --help" for usage.\n`,
    })
  })
})

describe('validate', () => {
  test.each([[[]], [['rubric.yaml']]])('the bundled rubric (%j) is valid, with a summary on stdout', async (args) => {
    const { code, stdout, stderr } = await run(['validate', ...args])
    expect(code).toBe(0)
    expect(stderr).toBe('')
    const [first, ...rows] = stdout.trimEnd().split('\n')
    expect(first).toBe('rubric.yaml: valid')
    expect(rows.map((row) => row.trim().split(/\s+/)[0]).sort()).toEqual(ASSIGNMENT_IDS)
    for (const row of rows) expect(row).toMatch(/^ {2}[a-z-]+ +\d+ checks, \d+ points$/)
  })

  test('an invalid rubric: every problem on stderr as file:line:col with the path as typed, exit 2', async () => {
    expect(await run(['validate', invalidRubric.typed])).toEqual({
      code: 2,
      stdout: '',
      stderr: `${invalidRubricProblems.join('\n')}\n2 problems found\n`,
    })
  })

  test('a missing file exits 2 naming it', async () => {
    expect(await run(['validate', 'missing.yaml'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'sockgrade: Cannot read the rubric "missing.yaml": no such file or folder\nRun "sockgrade validate --help" for usage.\n',
    })
  })

  test('more than one file is a usage error', async () => {
    const { code, stderr } = await run(['validate', 'rubric.yaml', 'rubric.yaml'])
    expect(code).toBe(2)
    expect(stderr).toContain('Expected at most one rubric file or course folder, got 2')
  })
})

describe('list', () => {
  test('lists the bundled assignments, one a line', async () => {
    const { code, stdout, stderr } = await run(['list'])
    expect(code).toBe(0)
    expect(stderr).toBe('')
    const lines = stdout.trimEnd().split('\n')
    expect(lines.map((line) => line.split(' ')[0])).toEqual(ASSIGNMENT_IDS)
    expect(lines.find((line) => line.startsWith('uppercase-udp '))).toMatch(/ UDP {2}UDPServer\.py \+ UDPClient\.py +\d+ points {2}answer: uppercase +Uppercase over UDP$/)
  })

  test('--probes lists every probe of the registry, one block each', async () => {
    const { code, stdout } = await run(['list', '--probes'])
    expect(code).toBe(0)
    expect(stdout.trimEnd().split('\n\n').map((block) => block.split(' ')[0])).toEqual(Object.keys(probes))
  })
})

describe('grade', () => {
  test('the reference solution as JSON: full marks, every check reported, progress on stderr, exit 0', async () => {
    const { code, stdout, stderr } = await run(['grade', 'reference/uppercase-udp', '--assignment', 'uppercase-udp', '--json', '--seed', '1'])
    const report = JSON.parse(stdout) as GradeReport
    expect(report).toMatchObject({ version: 1, assignment: 'uppercase-udp', submission: 'reference/uppercase-udp', seed: 1, gradable: true })
    expect(report.maxScore).toBeGreaterThan(0)
    expect(report.score).toBe(report.maxScore)
    expect(report.checks.map((c) => c.id)).toEqual(bundledRubric().assignments.get('uppercase-udp')?.map((c) => c.id))
    for (const check of report.checks) {
      expect(check).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          name: expect.any(String),
          status: expect.stringMatching(/^(passed|failed|skipped|error)$/),
          score: expect.any(Number),
          maxScore: expect.any(Number),
          message: expect.any(String),
          transcript: expect.any(Array),
        }),
      )
    }
    expect(stderr).toMatch(/^Grading reference\/uppercase-udp as uppercase-udp \(seed 1\)\nIsolation: (sandbox|host) \(.+\)\n$/)
    expect(stdout).not.toMatch(ANSI)
    expect(code).toBe(0)
  })

  test('a submission path that does not exist is a usage error: exit 2, nothing graded, no report', async () => {
    expect(await run(['grade', 'no-such-submission', '--assignment', 'uppercase-udp', '--seed', '1'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'sockgrade: Cannot find the submission "no-such-submission": no such file or folder\nRun "sockgrade grade --help" for usage.\n',
    })
  })

  test('an empty folder: the report names the file expected, exit 1', async () => {
    const { code, stdout } = await run(['grade', emptySubmission, '--assignment', 'uppercase-udp', '--json', '--seed', '1'])
    expect(code).toBe(1)
    const report = JSON.parse(stdout) as GradeReport
    expect(report.gradable).toBe(false)
    expect(report.score).toBe(0)
    expect(report.notGradableReason).toContain('"UDPServer.py"')
    expect(report.checks.every((c) => c.status === 'skipped')).toBe(true)
  })

  test('not gradable is exit 1 even with --fail-under 0', async () => {
    const { code } = await run(['grade', emptySubmission, '--assignment', 'uppercase-udp', '--seed', '1', '--fail-under', '0'])
    expect(code).toBe(1)
  })

  test('a Python 2 server: the report says so, exit 1', async () => {
    const { code, stdout } = await run(['grade', python2Submission, '--assignment', 'uppercase-udp', '--seed', '1'])
    expect(code).toBe(1)
    expect(stdout).toMatch(/✗ server-listens .*\n.*Python 2/)
    expect(stdout).not.toMatch(STACK_FRAME)
  })

  test('--fail-under: exit 0 only when the percentage reaches it', async () => {
    const grade = (failUnder: string) => run(['grade', python2Submission, '--assignment', 'uppercase-udp', '--json', '--seed', '1', '--fail-under', failUnder])
    const half = await grade('50')
    const report = JSON.parse(half.stdout) as GradeReport
    expect(report.gradable).toBe(true)
    expect(report.score).toBeLessThan(report.maxScore)
    const percent = (report.score / report.maxScore) * 100
    expect(half.code).toBe(percent >= 50 ? 0 : 1)
    expect((await grade(String(Math.floor(percent)))).code).toBe(0)
    expect((await grade(String(Math.floor(percent) + 1))).code).toBe(1)
  })

  test('an invalid --rubric exits 2 with file:line:col problems and grades nothing', async () => {
    expect(await run(['grade', 'reference/uppercase-udp', '--assignment', 'uppercase-udp', '--rubric', invalidRubric.typed])).toEqual({
      code: 2,
      stdout: '',
      stderr: `${invalidRubricProblems.join('\n')}\n2 problems found\n`,
    })
  })
})

describe('colour', () => {
  const gradeEmpty = (options: { env?: NodeJS.ProcessEnv; isTTY?: boolean }, json = false) =>
    run(['grade', emptySubmission, '--assignment', 'uppercase-udp', '--seed', '1', ...(json ? ['--json'] : [])], options)

  test('FORCE_COLOR=1 colours the terminal report', async () => {
    expect((await gradeEmpty({ env: { FORCE_COLOR: '1' } })).stdout).toMatch(ANSI)
  })

  test('a TTY colours the terminal report', async () => {
    expect((await gradeEmpty({ isTTY: true })).stdout).toMatch(ANSI)
  })

  test.each([
    ['NO_COLOR=1', { env: { NO_COLOR: '1' } }],
    ['NO_COLOR=1 on a TTY', { env: { NO_COLOR: '1' }, isTTY: true }],
    ['NO_COLOR=1 with FORCE_COLOR=1', { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }],
    ['a non-TTY stream and an empty environment', { env: {}, isTTY: false }],
  ])('%s: no colour', async (_, options) => {
    const { stdout } = await gradeEmpty(options)
    expect(stdout).toContain('Not gradable:')
    expect(stdout).not.toMatch(ANSI)
  })

  test('--json never contains ANSI codes, even with FORCE_COLOR on a TTY', async () => {
    const { stdout } = await gradeEmpty({ env: { FORCE_COLOR: '1' }, isTTY: true }, true)
    expect(JSON.parse(stdout)).toMatchObject({ gradable: false })
    expect(stdout).not.toMatch(ANSI)
  })
})
