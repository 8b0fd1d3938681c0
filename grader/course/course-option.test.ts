import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { main } from '../cli.js'
import { packageRoot } from '../paths.js'

// Grading from an instructor's own course folder: --course, SOCKGRADE_COURSE, a batch's batch.json, and a student's
// sockgrade.yaml (for check only). The folder is the example course; reverse-udp's answers come from its reference
const course = join(packageRoot, 'docs', 'example-course')
const reference = join(course, 'reference', 'reverse-udp')
const scratch = mkdtempSync(join(tmpdir(), 'sockgrade-course-option-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function run(argv: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  let stdout = ''
  let stderr = ''
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: { NO_COLOR: '1', ...options.env }, cwd: options.cwd ?? scratch }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}

// A submission folder holding the reference's programs, or a broken variant's
function submission(name: string, from: string): string {
  const dir = join(scratch, name)
  mkdirSync(dir, { recursive: true })
  for (const file of ['reverse_server.py', 'reverse_client.py']) cpSync(join(from, file), join(dir, file))
  return dir
}

const scoreOf = (stdout: string) => /Score: (\d+)\/(\d+)/.exec(stdout)?.slice(1, 3).join('/')

test('grade --course grades a course assignment, and the bundled ones stay known', async () => {
  const good = await run(['grade', submission('good', reference), '-a', 'reverse-udp', '--course', course])
  expect(good.stderr).toContain('from --course')
  expect([good.code, scoreOf(good.stdout)]).toEqual([0, '9/9'])
  const broken = await run(['grade', submission('reverses-words', join(reference, 'broken', 'server-reverses-words')), '-a', 'reverse-udp', '--course', course])
  expect([broken.code, scoreOf(broken.stdout)]).toEqual([1, '5/9'])
  expect(broken.stdout).toMatch(/✗ server-answers/)
  // Without a course the id is unknown, and the message says which ones are
  const without = await run(['grade', join(scratch, 'good'), '-a', 'reverse-udp'])
  expect(without.code).toBe(2)
  expect(without.stderr).toContain('Unknown assignment "reverse-udp"')
  const textbook = await run(['grade', join(packageRoot, 'reference', 'uppercase-udp'), '-a', 'uppercase-udp', '--course', course, '--isolation', 'host'])
  expect([textbook.code, scoreOf(textbook.stdout)]).toEqual([0, '10/10'])
})

test('SOCKGRADE_COURSE stands for --course, and a missing course folder is a usage error', async () => {
  const validated = await run(['validate'], { env: { SOCKGRADE_COURSE: course } })
  expect(validated.stdout).toContain('12 examples: 12 as expected, 0 not')
  expect(validated.code).toBe(0)
  const graded = await run(['grade', join(scratch, 'good'), '-a', 'reverse-udp'], { env: { SOCKGRADE_COURSE: course } })
  expect([graded.code, scoreOf(graded.stdout)]).toEqual([0, '9/9'])
  const missing = await run(['grade', join(scratch, 'good'), '-a', 'reverse-udp', '--course', 'no-such-course'])
  expect(missing.code).toBe(2)
  expect(missing.stderr).toContain('The course folder "no-such-course" (from --course) does not exist')
})

test('batch --course grades a class, records the course, and a resume reuses it without --course', async () => {
  const klass = join(scratch, 'class')
  submission(join('class', 'ada'), reference)
  submission(join('class', 'ben'), join(reference, 'broken', 'server-reverses-words'))
  submission(join('class', 'cy'), join(reference, 'broken', 'client-prints-own-reverse'))
  const out = join(scratch, 'out')
  const first = await run(['batch', klass, '-a', 'reverse-udp', '--course', course, '--out', out])
  expect(first.code).toBe(0)
  const csv = readFileSync(join(out, 'grades.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n').map((line) => line.split(',').slice(0, 5).join(','))
  expect(csv).toEqual(['student,id,score,extra,max', 'ada,ada,9,0,9', 'ben,ben,5,0,9', 'cy,cy,7,0,9'])
  expect(JSON.parse(readFileSync(join(out, 'batch.json'), 'utf8')).course).toBe(course)
  const resumed = await run(['batch', klass, '-a', 'reverse-udp', '--out', out, '--resume'])
  expect(resumed.stderr).toContain('Resuming: 3 graded before, 0 to grade')
  expect(resumed.code).toBe(0)
  // Another course folder is another batch: the resume refuses it and says what differs
  const other = join(scratch, 'other-course')
  cpSync(course, other, { recursive: true })
  const refused = await run(['batch', klass, '-a', 'reverse-udp', '--out', out, '--resume', '--course', other])
  expect(refused.code).toBe(2)
  expect(refused.stderr).toContain(`course: "${other}" now, "${course}" in the folder`)
})

test("check follows course: in the student's sockgrade.yaml; grade ignores it", async () => {
  const dir = submission('declared', reference)
  mkdirSync(join(scratch, 'declared-course'))
  cpSync(course, join(scratch, 'declared-course', 'networks'), { recursive: true })
  writeFileSync(join(dir, 'sockgrade.yaml'), 'assignment: reverse-udp\ncourse: ../declared-course/networks\n')
  const checked = await run(['check'], { cwd: dir })
  expect([checked.code, scoreOf(checked.stdout)]).toEqual([0, '9/9'])
  // A grader's course is the grader's choice: a submission cannot bring the answers it is graded against
  const graded = await run(['grade', dir, '-a', 'reverse-udp'])
  expect(graded.code).toBe(2)
  expect(graded.stderr).toContain('Unknown assignment "reverse-udp"')
})

test("a course a submission names only adds assignments, and CI ignores it: a student cannot swap in their own answers", async () => {
  // The student's own "course": uppercase-udp redefined with a table that answers one input, and a one-point rubric
  const dir = join(scratch, 'swapper')
  mkdirSync(dir)
  for (const file of ['UDPServer.py', 'UDPClient.py']) cpSync(join(packageRoot, 'reference', 'uppercase-udp', file), join(dir, file))
  mkdirSync(join(dir, 'fake', 'assignments', 'uppercase-udp'), { recursive: true })
  writeFileSync(join(dir, 'fake', 'assignments', 'uppercase-udp', 'assignment.yaml'), readFileSync(join(packageRoot, 'assignments', 'uppercase-udp', 'assignment.yaml'), 'utf8').replace(/^(answer|transform): .*$/m, 'answer:\n  table:\n    hi: HI'))
  writeFileSync(join(dir, 'fake', 'rubric.yaml'), 'version: 1\nassignments:\n  uppercase-udp:\n    checks:\n      - { id: only, name: Only, probe: server-listens, points: 1 }\n')
  writeFileSync(join(dir, 'sockgrade.yaml'), 'assignment: uppercase-udp\ncourse: fake\n')
  const desk = await run(['check', '--isolation', 'host'], { cwd: dir })
  expect(desk.stdout).not.toContain('only')
  expect(scoreOf(desk.stdout)).toBe('10/10')
  const ci = await run(['check', '--isolation', 'host'], { cwd: dir, env: { CI: 'true' } })
  expect(ci.stderr).toContain('Ignoring course: in sockgrade.yaml in CI')
  expect(scoreOf(ci.stdout)).toBe('10/10')
})
