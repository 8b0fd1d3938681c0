import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { main } from '../cli.js'
import { defaultRubricPath, packageRoot } from '../paths.js'

const COURSE = join(packageRoot, 'docs', 'example-course')
const GRADING_TIMEOUT_MS = 120_000
const tempDir = mkdtempSync(join(tmpdir(), 'sockgrade-validate-'))
afterAll(() => rmSync(tempDir, { recursive: true, force: true }))

// Run the CLI with fake streams and no colour, from a folder
async function run(argv: string[], cwd = packageRoot) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: { NO_COLOR: '1' }, cwd })
  return { code, stdout, stderr }
}

// A copy of the example course to break, in a folder of its own
function courseCopy(name: string): string {
  const dir = join(tempDir, name)
  cpSync(COURSE, dir, { recursive: true })
  return dir
}

describe('validate without an argument names the file it checked', () => {
  test('in a folder without rubric.yaml: the bundled rubric, by its path', async () => {
    const { code, stdout, stderr } = await run(['validate'], tempDir)
    expect(code).toBe(0)
    expect(stderr).toBe(`No rubric.yaml in this folder: checking the bundled rubric, ${defaultRubricPath}\n`)
    expect(stdout.split('\n')[0]).toBe(`${defaultRubricPath}: valid`)
  })

  test('in a folder with rubric.yaml: that one', async () => {
    const dir = courseCopy('with-rubric')
    const { code, stdout, stderr } = await run(['validate'], dir)
    expect({ code, stderr }).toEqual({ code: 2, stderr: expect.stringContaining('rubric.yaml:4:3: shout-udp: unknown assignment') as unknown })
    expect(stdout).toBe('')
  })
})

describe('validate a course folder', () => {
  test('the example course: its four assignments, every reference and broken variant as its expect.yaml says, exit 0', { timeout: GRADING_TIMEOUT_MS }, async () => {
    const { code, stdout } = await run(['validate', 'docs/example-course'])
    expect(stdout.replace(/ +/g, ' ')).toBe(
      [
        'docs/example-course/rubric.yaml: valid',
        ' ✓ docs/example-course/reference/calc-tcp 9/9 full marks',
        ' ✓ docs/example-course/reference/calc-tcp/broken/client-computes-itself 7/9 loses client-prints-reply, as expected',
        ' ✓ docs/example-course/reference/calc-tcp/broken/server-crashes-on-zero 5/9 loses server-answers, server-serves-in-a-row, as expected',
        ' ✓ docs/example-course/reference/kv-tcp 12/12 full marks',
        ' ✓ docs/example-course/reference/kv-tcp/broken/client-connects-per-line 10/12 loses client-uses-one-connection, as expected',
        ' ✓ docs/example-course/reference/kv-tcp/broken/server-forgets 9/12 loses server-keeps-the-session, as expected',
        ' ✓ docs/example-course/reference/reverse-udp 9/9 full marks',
        ' ✓ docs/example-course/reference/reverse-udp/broken/client-prints-own-reverse 7/9 loses client-prints-reply, as expected',
        ' ✓ docs/example-course/reference/reverse-udp/broken/server-reverses-words 5/9 loses server-answers, server-serves-in-a-row, as expected',
        ' ✓ docs/example-course/reference/shout-udp 10/10 +1 full marks',
        ' ✓ docs/example-course/reference/shout-udp/broken/client-prints-own-uppercase 8/10 +1 loses client-prints-reply, server-invalid-utf8, as expected',
        ' ✓ docs/example-course/reference/shout-udp/broken/server-lowercases 6/10 loses server-answers, server-answers-varied, server-empty-datagram, server-invalid-utf8, as expected',
        '12 examples: 12 as expected, 0 not',
        '',
      ].join('\n'),
    )
    expect(code).toBe(0)
  })

  // A variant whose losses depend on the seed (a pinger without a timeout) names the seed they hold for
  test("an expect.yaml's seed: grades that variant with its own seed, and says so", { timeout: GRADING_TIMEOUT_MS }, async () => {
    const dir = courseCopy('pinned-seed')
    rmSync(join(dir, 'reference/shout-udp/broken/client-prints-own-uppercase'), { recursive: true })
    writeFileSync(join(dir, 'reference/shout-udp/broken/server-lowercases/expect.yaml'), 'seed: 7\nloses: [server-answers, server-answers-varied, server-empty-datagram, server-invalid-utf8]\n')
    const { code, stdout } = await run(['validate', '--assignment-dir', join(dir, 'assignments/shout-udp'), '--references', join(dir, 'reference/shout-udp'), '--rubric', join(dir, 'rubric.yaml'), '--seed', '3'], dir)
    expect(stdout.replace(/ +/g, ' ').split('\n').slice(1, 3)).toEqual([
      ' ✓ reference/shout-udp 10/10 +1 full marks',
      ' ✓ reference/shout-udp/broken/server-lowercases 6/10 loses server-answers, server-answers-varied, server-empty-datagram, server-invalid-utf8, as expected (at its own seed 7, as its expect.yaml says)',
    ])
    expect(code).toBe(0)
  })

  test('a variant that loses more than its expect.yaml lists is a mismatch, exit 1', { timeout: GRADING_TIMEOUT_MS }, async () => {
    const dir = courseCopy('mismatch')
    rmSync(join(dir, 'reference/shout-udp/broken/client-prints-own-uppercase'), { recursive: true })
    writeFileSync(join(dir, 'reference/shout-udp/broken/server-lowercases/expect.yaml'), 'loses: [server-answers, server-invalid-utf8]\n')
    const { code, stdout } = await run(['validate', '--assignment-dir', join(dir, 'assignments/shout-udp'), '--references', join(dir, 'reference/shout-udp'), '--rubric', join(dir, 'rubric.yaml')], dir)
    expect(stdout.replace(/ +/g, ' ').split('\n').slice(1)).toEqual([
      ' ✓ reference/shout-udp 10/10 +1 full marks',
      ' ✗ reference/shout-udp/broken/server-lowercases 6/10 lost server-answers-varied, server-empty-datagram, which expect.yaml does not list',
      '2 examples: 1 as expected, 1 not',
      '',
    ])
    expect(code).toBe(1)
  })

  test('a broken assignment.yaml is exit 2 with file:line:col, nothing graded', async () => {
    const dir = courseCopy('bad-assignment')
    writeFileSync(join(dir, 'assignments/shout-udp/assignment.yaml'), 'id: shout-udp\ntitle: Shout\ntransport: sctp\n')
    const { code, stdout, stderr } = await run(['validate', '.'], dir)
    expect(stdout).toBe('')
    expect(stderr.split('\n')[0]).toBe('assignments/shout-udp/assignment.yaml:1:1: missing required property "answer" (or a dialogue, files to serve, or an origin)')
    expect(stderr).toContain('assignments/shout-udp/assignment.yaml:3:12: transport: must be one of "udp", "tcp"')
    expect(code).toBe(2)
  })

  test("a reference without the files assignment.yaml names is exit 2: students get a spec nobody checked", async () => {
    const dir = courseCopy('misnamed-file')
    const file = join(dir, 'assignments/shout-udp/assignment.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('file: shout_server.py', 'file: server.py'))
    const { code, stdout, stderr } = await run(['validate', '.'], dir)
    expect(stdout).toBe('')
    expect(stderr).toContain("reference/shout-udp: no server.py, which assignment.yaml's server: file names: name the reference's files as students must name theirs")
    expect(code).toBe(2)
  })

  test('an id other than its folder is named as that, even for a reference-answered assignment', async () => {
    const dir = courseCopy('other-id')
    const file = join(dir, 'assignments/calc-tcp/assignment.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('id: calc-tcp', 'id: calc-tcp2'))
    const { code, stderr } = await run(['validate', '.'], dir)
    expect(stderr).toContain('assignments/calc-tcp/assignment.yaml:1:1: id "calc-tcp2" must match its folder "calc-tcp"')
    expect(code).toBe(2)
  })

  test('an expect.yaml naming a check the rubric does not have is exit 2', async () => {
    const dir = courseCopy('bad-expect')
    writeFileSync(join(dir, 'reference/shout-udp/broken/server-lowercases/expect.yaml'), 'loses: [server-answer]\n')
    const { code, stderr } = await run(['validate', '.'], dir)
    expect(stderr.split('\n')[0]).toBe(
      'reference/shout-udp/broken/server-lowercases/expect.yaml: unknown check "server-answer" (checks of "shout-udp": server-listens, server-answers, server-answers-varied, server-serves-in-a-row, server-empty-datagram, server-invalid-utf8, client-sends-line, client-prints-reply, client-exits)',
    )
    expect(code).toBe(2)
  })

  test.each([
    ['a YAML mistake', 'loses: [server-answers\n', 'reference/shout-udp/broken/server-lowercases/expect.yaml:2:1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['a duplicate key', 'loses: [server-answers]\nloses: [server-listens]\n', 'reference/shout-udp/broken/server-lowercases/expect.yaml:2:1: duplicate key "loses"'],
    ['loses that is not a list', 'loses: server-answers\n', 'reference/shout-udp/broken/server-lowercases/expect.yaml:1:8: loses must be a list of check ids, as "loses: [server-answers-basic]"'],
    ['a seed that is not a whole number', 'seed: 1.5\nloses: [server-answers]\n', 'reference/shout-udp/broken/server-lowercases/expect.yaml:1:7: seed must be a whole number from 0 to 2147483647, the seed the losses hold for'],
  ])('an expect.yaml with %s is exit 2 at its file:line:col, with no stack trace', async (name, text, first) => {
    const dir = courseCopy(`expect-${name.replaceAll(' ', '-')}`)
    writeFileSync(join(dir, 'reference/shout-udp/broken/server-lowercases/expect.yaml'), text)
    const { code, stderr } = await run(['validate', '.'], dir)
    expect(stderr.split('\n')[0]).toBe(first)
    expect(stderr).not.toMatch(/internal error|\n\s+at /)
    expect(code).toBe(2)
  })

  test('--assignment-dir without --references is a usage error', async () => {
    const { code, stderr } = await run(['validate', '--assignment-dir', 'docs/example-course/assignments/shout-udp'])
    expect(code).toBe(2)
    expect(stderr).toContain('--assignment-dir and --references go together')
  })
})

// Each line a list of nine aliases of the line above: 9^9 values once expanded
const BILLION_LAUGHS = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n')

describe('a YAML file made to exhaust the parser is exit 2 with one file:line:col line, never an internal error', () => {
  test.each([
    { name: 'a billion laughs', text: `version: 1\nassignments: {}\n${BILLION_LAUGHS}\n`, line: 'bomb.yaml:7:8: alias "*d" brings the values aliases repeat past 10000: use fewer aliases' },
    { name: 'lists nested 60,000 deep', text: `version: 1\nassignments: ${'['.repeat(60_000)}\n`, line: 'bomb.yaml:2:77: lists and mappings are nested more than 64 deep here: nest them less' },
  ])('$name, to validate and to grade --rubric', async ({ text, line }) => {
    writeFileSync(join(tempDir, 'bomb.yaml'), text)
    expect(await run(['validate', 'bomb.yaml'], tempDir)).toEqual({ code: 2, stdout: '', stderr: `${line}\n1 problem found\n` })
    const graded = await run(['grade', join(packageRoot, 'reference', 'uppercase-udp'), '-a', 'uppercase-udp', '--rubric', 'bomb.yaml'], tempDir)
    expect({ code: graded.code, stderr: graded.stderr.split('\n')[0] }).toEqual({ code: 2, stderr: line })
    expect(graded.stderr).not.toMatch(/internal error|\n\s+at /)
  })

  test.each([
    { file: 'assignments/shout-udp/assignment.yaml', line: 'assignments/shout-udp/assignment.yaml:5:8: alias "*d" brings the values aliases repeat past 10000: use fewer aliases' },
    { file: 'reference/shout-udp/broken/server-lowercases/expect.yaml', line: 'reference/shout-udp/broken/server-lowercases/expect.yaml:5:8: alias "*d" brings the values aliases repeat past 10000: use fewer aliases' },
  ])('a billion laughs in a course folder: $file', async ({ file, line }) => {
    const dir = courseCopy(`laughs-${file.split('/').at(-1)}`)
    writeFileSync(join(dir, file), `${BILLION_LAUGHS}\n`)
    const { code, stderr } = await run(['validate', '.'], dir)
    expect({ code, first: stderr.split('\n')[0] }).toEqual({ code: 2, first: line })
    expect(stderr).not.toMatch(/internal error|\n\s+at /)
  })
})
