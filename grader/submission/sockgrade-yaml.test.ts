import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { gradeSubmission } from '../grade-submission.js'
import { detectIsolation } from '../sandbox/detect.js'

const reference = join(import.meta.dirname, '..', '..', 'reference', 'uppercase-udp')
const sandboxHere = (await detectIsolation()).mode === 'sandbox'
const modes = sandboxHere ? (['host', 'sandbox'] as const) : (['host'] as const)
const tempDir = mkdtempSync(join(tmpdir(), 'sockgrade-yaml-'))
afterAll(() => rmSync(tempDir, { recursive: true, force: true }))

// "Billion laughs": each line a list of nine aliases of the line above, 9^9 values once expanded
const BILLION_LAUGHS = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n') + '\n'

// The reference solution with this sockgrade.yaml beside it
function withSockgradeYaml(name: string, yaml: string): string {
  const dir = join(tempDir, name)
  cpSync(reference, dir, { recursive: true, filter: (path) => !path.includes('broken') })
  writeFileSync(join(dir, 'sockgrade.yaml'), yaml)
  return dir
}

// A sockgrade.yaml made to exhaust the grader is the student's problem: not gradable, in one line, never a grader failure
describe.each(modes)('a hostile sockgrade.yaml, %s mode', (isolation) => {
  test.each([
    { name: 'a billion laughs', yaml: BILLION_LAUGHS, reason: 'sockgrade.yaml:5:8: alias "*d" brings the values aliases repeat past 10000: use fewer aliases' },
    { name: 'lists nested 5,000 deep', yaml: `server: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, reason: 'sockgrade.yaml:1:72: lists and mappings are nested more than 64 deep here: nest them less' },
    { name: 'a line of 200 KB', yaml: `server: python3 ${'x'.repeat(200_000)}.py\n`, reason: 'sockgrade.yaml:1:1: the file is larger than 16 KB, the most sockgrade reads' },
  ])('$name is not gradable, with one line and no stack', async ({ name, yaml, reason }) => {
    const report = await gradeSubmission({ submission: withSockgradeYaml(`${isolation}-${name.replaceAll(' ', '-')}`, yaml), assignment: 'uppercase-udp', isolation })
    expect(report.harnessError).toBeUndefined()
    expect(report.gradable).toBe(false)
    expect(report.notGradableReason).toBe(reason)
  }, 60_000)
})
