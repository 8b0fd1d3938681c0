import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { findAssignment } from '../assignments/load.js'
import type { Assignment } from '../assignments/assignment.js'
import { buildClass } from '../batch/class-fixture.js'
import type { BatchResults } from '../batch/types.js'
import { main } from '../cli.js'
import { packageRoot } from '../paths.js'
import type { GradeReport } from '../report.js'
import { reporters } from '../reporters/index.js'

const tempDir = mkdtempSync(join(tmpdir(), 'sockgrade-reporter-flag-'))
afterAll(() => rmSync(tempDir, { recursive: true, force: true }))
const reference = join(packageRoot, 'reference', 'uppercase-udp')

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env, cwd: tempDir })
  return { code, stdout, stderr }
}
const read = (path: string) => readFileSync(join(tempDir, path), 'utf8')

describe('--reporter on grade', () => {
  test('writes each file, and the terminal report still goes to stdout', async () => {
    const { code, stdout } = await run(['grade', reference, '-a', 'uppercase-udp', '--seed', '7', '--reporter', 'json=grade/report.json', '--reporter', 'terminal=grade/report.txt'])
    expect(code).toBe(0)
    const report = JSON.parse(read('grade/report.json')) as GradeReport
    expect([report.score, report.maxScore, report.seed]).toEqual([10, 10, 7])
    expect(read('grade/report.txt')).toBe(reporters.terminal.render(report, { color: false }))
    expect(stdout).toBe(read('grade/report.txt'))
  })
  test('a file that cannot be written: exit 2, said on stderr, and the report still printed', async () => {
    writeFileSync(join(tempDir, 'taken'), '')
    const { code, stdout, stderr } = await run(['grade', reference, '-a', 'uppercase-udp', '--reporter', 'json=taken/report.json'])
    expect(code).toBe(2)
    expect(stderr).toContain('Cannot write the json report to taken/report.json: a part of its path is a file')
    expect(stdout).toContain('Score: 10/10')
  })
  test('an unknown reporter is a usage error before any grading', async () => {
    const { code, stderr } = await run(['grade', reference, '-a', 'uppercase-udp', '--reporter', 'junt'])
    expect(code).toBe(2)
    expect(stderr).toContain('Unknown reporter "junt"')
    expect(stderr).not.toContain('Grading')
  })
})

describe('--reporter on check', () => {
  test('writes the student view to the file; --watch with a reporter on stdout is refused', async () => {
    const work = join(tempDir, 'work')
    cpSync(reference, work, { recursive: true, filter: (src) => !src.includes('broken') })
    const { code, stdout } = await run(['check', work, '--reporter', 'json=check/report.json'])
    expect(code).toBe(0)
    expect((JSON.parse(read('check/report.json')) as GradeReport).score).toBe(10)
    expect(stdout).toContain('Score: 10/10')
    const watch = await run(['check', work, '--watch', '--reporter', 'json'])
    expect(watch.code).toBe(2)
    expect(watch.stderr).toContain('--watch redraws the terminal report')
  })
})

describe('check --rubric', () => {
  test('grades with the course\'s rubric, and still as the student sees it: a hidden check keeps its name and points only', async () => {
    const work = join(tempDir, 'rubric-work')
    cpSync(join(packageRoot, 'reference', 'uppercase-udp', 'broken', 'server-lowercases'), work, { recursive: true })
    const text = readFileSync(join(packageRoot, 'rubric.yaml'), 'utf8')
    // server-listens worth 5 instead of 1, and server-answers-basic hidden
    const course = text.replace('        probe: server-listens\n        points: 1\n', '        probe: server-listens\n        points: 5\n').replace(/(- id: server-answers-basic\n(?:.*\n){4}        visibility: )visible/, '$1hidden')
    expect(course).not.toBe(text)
    writeFileSync(join(tempDir, 'course-rubric.yaml'), course)
    const { code } = await run(['check', work, '-a', 'uppercase-udp', '--rubric', 'course-rubric.yaml', '--reporter', 'json=check-rubric/report.json'])
    expect(code).toBe(1)
    const report = JSON.parse(read('check-rubric/report.json')) as GradeReport
    expect(report.maxScore).toBe(14)
    const basic = report.checks.find((c) => c.id === 'server-answers-basic')
    expect(basic).toMatchObject({ visibility: 'hidden', status: 'failed', message: 'Hidden until grades are released', transcript: [] })
  })
})

describe('--reporter on batch', () => {
  test('a file that would replace one of the batch\'s own is refused before any grading', async () => {
    const out = join(tempDir, 'refused-out')
    const { code, stderr } = await run(['batch', reference, '-a', 'uppercase-udp', '--out', out, '--reporter', `junit=${join(out, 'grades.csv')}`])
    expect(code).toBe(2)
    expect(stderr).toContain("would replace the batch's own grades.csv")
    expect(existsSync(out)).toBe(false)
  })

  test('a class form goes into --out or to the file given, as the batch itself would render it', async () => {
    const root = join(tempDir, 'class')
    buildClass('dirs', findAssignment('uppercase-udp') as Assignment, [{ id: 'amy', name: 'amy', work: 'solution' }, { id: 'bo', name: 'bo', work: { broken: 'server-lowercases' } }], root)
    const out = join(tempDir, 'class-out')
    const { code, stdout } = await run(['batch', root, '-a', 'uppercase-udp', '--out', out, '--seed', '3', '--reporter', 'terminal', '--reporter', 'json=class/all.json'])
    expect(code).toBe(0)
    const results = JSON.parse(read('class/all.json')) as BatchResults
    expect(results.entries.map((e) => [e.student.id, e.report.score])).toEqual([['amy', 10], ['bo', 6]])
    expect(read('class/all.json')).toBe(read('class-out/results.json'))
    expect(read('class-out/terminal.txt')).toBe(reporters.terminal.renderClass?.(results, { color: false }))
    expect(stdout).toContain(`Wrote ${join(out, 'terminal.txt')}`)
    expect(existsSync(join(out, 'report.html'))).toBe(true)
    expect(readdirSync(out)).not.toContain('json.json')
  })
})
