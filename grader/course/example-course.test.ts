import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { main } from '../cli.js'
import { packageRoot } from '../paths.js'
import { lostCheckIds, type GradeReport } from '../report.js'

// The example course's three exercises defined only in YAML and Python: each reference and broken variant gets, from
// `grade --course` and from `batch --course`, exactly the checks its expect.yaml says it loses (validate is proved in
// validate-command.test.ts)
const course = join(packageRoot, 'docs', 'example-course')
const scratch = mkdtempSync(join(tmpdir(), 'sockgrade-example-course-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Program {
  readonly name: string
  readonly dir: string
  readonly loses: readonly string[]
}

// The reference and its broken variants, each with the checks its expect.yaml lists
function programsOf(id: string): Program[] {
  const reference = join(course, 'reference', id)
  const broken = readdirSync(join(reference, 'broken')).sort()
  return [{ name: 'reference', dir: reference }, ...broken.map((name) => ({ name, dir: join(reference, 'broken', name) }))].map((p) => ({
    ...p,
    loses: (parse(readFileSync(join(p.dir, 'expect.yaml'), 'utf8')) as { loses: string[] }).loses,
  }))
}

async function run(argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: { NO_COLOR: '1' }, cwd: scratch })
  return { code, stdout, stderr }
}

describe.each(['reverse-udp', 'calc-tcp', 'kv-tcp'])('%s', (id) => {
  const programs = programsOf(id)

  test('has a reference and two broken variants, each with an expect.yaml', () => {
    expect(programs.map((p) => p.name)).toHaveLength(3)
    expect(programs[0]?.loses).toEqual([])
    for (const broken of programs.slice(1)) expect(broken.loses.length).toBeGreaterThan(0)
  })

  test.each(programsOf(id))('grade --course: $name loses what its expect.yaml says', async ({ dir, loses }) => {
    // A copy without the broken/ folder: a reference folder holds the variants, which the grader would weigh too
    const submission = join(scratch, 'grade', id, dir.split('/').at(-1) as string)
    mkdirSync(submission, { recursive: true })
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.py'))) cpSync(join(dir, file), join(submission, file))
    const { code, stdout } = await run(['grade', submission, '-a', id, '--course', course, '--json', '--seed', '11'])
    const report = JSON.parse(stdout) as GradeReport
    expect(report.harnessError).toBeUndefined()
    expect(lostCheckIds(report)).toEqual([...loses].sort())
    expect(code).toBe(loses.length ? 1 : 0)
  })

  test('batch --course: a class of the three programs, each losing what its expect.yaml says', async () => {
    const klass = join(scratch, 'class', id)
    for (const program of programs) {
      mkdirSync(join(klass, program.name), { recursive: true })
      for (const file of readdirSync(program.dir).filter((name) => name.endsWith('.py'))) cpSync(join(program.dir, file), join(klass, program.name, file))
    }
    const out = join(scratch, 'out', id)
    const { code } = await run(['batch', klass, '-a', id, '--course', course, '--out', out, '--seed', '12'])
    expect(code).toBe(0)
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { entries: { student: { id: string }; report: GradeReport }[] }
    const lost = Object.fromEntries(results.entries.map((entry) => [entry.student.id, lostCheckIds(entry.report)]))
    expect(lost).toEqual(Object.fromEntries(programs.map((p) => [p.name, [...p.loses].sort()])))
  })
})
