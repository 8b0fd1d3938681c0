// `sockgrade prairielearn` on a temporary /grade tree, as PrairieLearn's grader container lays it out
import { execFile } from 'node:child_process'
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { describe, expect, test } from 'vitest'
import { main } from '../../cli.js'
import { defaultRubricPath, packageRoot, referenceDir } from '../../paths.js'

interface Results {
  gradable: boolean
  score: number
  message: string
  tests: { name: string; points: number; max_points: number; message: string; output: string }[]
}

const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(packageRoot, 'grader', 'reporters', 'schemas', 'prairielearn-results.schema.json'), 'utf8')))
const base = mkdtempSync(join(tmpdir(), 'sockgrade-prairielearn-'))
let trees = 0

// /grade with student/ (the textbook UDP pair unless told otherwise) and data/data.json; no results/ (PrairieLearn
// does not make it)
function gradeTree(data: unknown, files?: Record<string, string>): string {
  const root = join(base, `grade-${++trees}`)
  mkdirSync(join(root, 'student'), { recursive: true })
  mkdirSync(join(root, 'data'))
  if (files) for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'student', name), text)
  else for (const name of ['UDPClient.py', 'UDPServer.py']) copyFileSync(join(referenceDir, 'uppercase-udp', name), join(root, 'student', name))
  writeFileSync(join(root, 'data', 'data.json'), typeof data === 'string' ? data : JSON.stringify(data))
  return root
}

// The data object PrairieLearn writes for a question (the fields of externalGraderCommon.ts)
function dataJson(params: Record<string, unknown>, variantSeed = 2_176_782_335): Record<string, unknown> {
  return { params, correct_answers: {}, submitted_answers: { _files: [] }, format_errors: {}, partial_scores: {}, score: 0, feedback: {}, variant_seed: variantSeed, options: {}, raw_submitted_answers: {}, gradable: true }
}

function results(root: string): Results {
  const parsed = JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')) as Results
  expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true)
  return parsed
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = ''
  let stderr = ''
  const code = await main(['prairielearn', ...args], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env, cwd: base })
  return { code, stdout, stderr }
}

describe('sockgrade prairielearn', () => {
  test('the entrypoint as PrairieLearn runs it: the textbook UDP pair gets score 1', async () => {
    const root = gradeTree(dataJson({ sockgrade_assignment: 'uppercase-udp' }))
    const bin = join(packageRoot, 'dist', 'grader', 'bin.js')
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [bin, 'prairielearn'], { env: { ...process.env, SOCKGRADE_GRADE_ROOT: root, NO_COLOR: '1' }, timeout: 120_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout: String(stdout), stderr: String(stderr) }),
      )
    })
    expect(run.code, run.stderr).toBe(0)
    // variant_seed, folded into the seeds sockgrade takes
    expect(run.stderr).toContain(`as uppercase-udp (seed ${2_176_782_335 % 2 ** 31})`)
    const graded = results(root)
    expect(graded).toMatchObject({ gradable: true, score: 1 })
    expect(graded.tests.length).toBeGreaterThan(3)
    expect(graded.tests.filter((t) => t.points < t.max_points)).toEqual([])
  }, 150_000)

  test('a log that fails after results.json is written (stdout gone) keeps the grade and exits 0', async () => {
    const root = gradeTree(dataJson({ sockgrade_assignment: 'uppercase-udp' }))
    let stderr = ''
    const stdout = {
      write: () => {
        throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })
      },
    }
    const code = await main(['prairielearn'], { stdout, stderr: { write: (t: string) => (stderr += t) }, env: { SOCKGRADE_GRADE_ROOT: root }, cwd: base })
    expect(code, stderr).toBe(0)
    expect(stderr).toContain('write EPIPE')
    expect(results(root)).toMatchObject({ gradable: true, score: 1 })
  }, 150_000)

  test('--assignment wins over data.json; a hidden check keeps its name and points, not its details', async () => {
    const rubric = join(base, 'course-rubric.yaml')
    const text = readFileSync(defaultRubricPath, 'utf8')
    const hiddenFirst = text.replace(/(id: server-answers-basic\n(?: {8}.*\n)*? {8}visibility: )visible/, '$1hidden')
    expect(hiddenFirst).not.toBe(text)
    writeFileSync(rubric, hiddenFirst)
    // The server lowercases: the hidden check fails, and its message must not say what was sent
    const root = gradeTree(dataJson({ sockgrade_assignment: 'count-s-udp' }), {
      'UDPServer.py': readFileSync(join(referenceDir, 'uppercase-udp', 'broken', 'server-lowercases', 'UDPServer.py'), 'utf8'),
      'UDPClient.py': readFileSync(join(referenceDir, 'uppercase-udp', 'UDPClient.py'), 'utf8'),
    })
    const run = await cli(['--grade-root', root, '--assignment', 'uppercase-udp', '--rubric', rubric, '--isolation', 'host'])
    expect(run.code, run.stderr).toBe(0)
    const graded = results(root)
    expect(graded.gradable).toBe(true)
    expect(graded.score).toBeGreaterThan(0)
    expect(graded.score).toBeLessThan(1)
    const hidden = graded.tests.find((t) => t.name === 'Server answers a simple sentence')
    expect(hidden).toMatchObject({ points: 0, max_points: 2 })
    expect(`${hidden?.message} ${hidden?.output}`).not.toMatch(/\bsent\b|expected|lower/i)
    // The job's log (stdout) is the student view too: the check's message there is the redaction
    expect(run.stdout).toMatch(/Server answers a simple sentence[^\n]*\n\s*Hidden until grades are released/)
  }, 120_000)

  test.each([
    ['no assignment anywhere', dataJson({}), [], /No assignment: add --assignment <id>/],
    ['an unknown assignment', dataJson({ sockgrade_assignment: 'no-such' }), [], /Unknown assignment "no-such"/],
    ['a data.json that is not JSON', '{"params": ', [], /not JSON/],
    ['a mistyped option in the entrypoint', dataJson({ sockgrade_assignment: 'uppercase-udp' }), ['--assignmnt', 'uppercase-udp'], /assignmnt/],
  ])('%s: a valid results.json, not gradable, saying why; exit 0 (PrairieLearn reads it only then)', async (_name, data, args, reason) => {
    const root = gradeTree(data)
    const run = await cli(['--grade-root', root, ...args])
    expect(run.code).toBe(0)
    const graded = results(root)
    expect(graded.gradable).toBe(false)
    expect(graded.message).toContain('The autograder failed: contact course staff')
    expect(graded.message).toMatch(reason)
    expect(graded.tests[0]?.name).toBe('The autograder failed; contact course staff')
  })

  // The course kept where students cannot read it (PrairieLearn's serverFilesCourse): its assignment and its checks
  test('--course grades a course assignment with the course rubric\'s checks', async () => {
    const course = join(packageRoot, 'grader', 'answers', 'fixtures', 'status-course')
    const programs = join(course, 'reference', 'status-udp')
    const files = Object.fromEntries(['status_server.py', 'status_client.py'].map((name) => [name, readFileSync(join(programs, name), 'utf8')]))
    const root = gradeTree(dataJson({ sockgrade_assignment: 'status-udp' }), files)
    const run = await cli(['--grade-root', root, '--course', course, '--isolation', 'host'])
    expect(run.code).toBe(0)
    const graded = results(root)
    expect(validate(graded)).toBe(true)
    expect(graded).toMatchObject({ gradable: true, score: 1 })
    expect(graded.tests.map((t) => t.name)).toContain('Client prints the server\'s reply')
    expect(run.stderr).toContain(`course ${course}, from --course`)
  }, 120_000)

  test('a course assignment answered by a reference server is graded with it, its folder made root\'s only', async () => {
    // A copy of the course: grading as root changes its reference folder's modes
    const course = join(base, 'course-copy')
    cpSync(join(packageRoot, 'docs', 'example-course'), course, { recursive: true })
    const reference = join(course, 'reference', 'reverse-udp')
    const files = Object.fromEntries(['reverse_server.py', 'reverse_client.py'].map((name) => [name, readFileSync(join(reference, name), 'utf8')]))
    const root = gradeTree(dataJson({ sockgrade_assignment: 'reverse-udp' }), files)
    const run = await cli(['--grade-root', root], { SOCKGRADE_COURSE: course })
    expect(run.code, run.stderr).toBe(0)
    const graded = results(root)
    expect(graded.message).not.toMatch(/failed/)
    expect(graded).toMatchObject({ gradable: true, score: 1 })
    if (process.getuid?.() === 0) for (const path of [reference, join(reference, 'reverse_server.py')]) expect(statSync(path).mode & 0o077).toBe(0)
  }, 120_000)

  test('a broken course rubric: file:line:col in results.json', async () => {
    writeFileSync(join(base, 'broken-rubric.yaml'), 'version: 1\nassignments:\n  uppercase-udp:\n    checks:\n      - { id: x, probe: no-such-probe, points: 1 }\n')
    const root = gradeTree(dataJson({ sockgrade_assignment: 'uppercase-udp' }))
    const run = await cli(['--rubric', 'broken-rubric.yaml'], { SOCKGRADE_GRADE_ROOT: root })
    expect(run.code).toBe(0)
    expect(results(root).message).toMatch(/broken-rubric\.yaml:5:\d+: .*no-such-probe/)
  })
})
