import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { reporters } from '../reporters/index.js'
import { expectJunitFileValid } from '../test-support/junit-xsd.js'
import { batchResults } from './entries.js'
import { MAX_SCORE, sampleEntries, SETTINGS } from './fixtures/class-entries.js'
import { reservedTarget, writeReporterOutputs } from './reporter-outputs.js'

const root = mkdtempSync(join(tmpdir(), 'sockgrade-reporter-outputs-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const out = join(root, 'out')
const results = batchResults(SETTINGS, sampleEntries(), MAX_SCORE)

describe('reservedTarget', () => {
  test.each([
    { path: out, why: 'is the --out folder itself' },
    { path: join(out, 'batch.json'), why: "would replace the batch's own batch.json" },
    { path: join(out, 'results.jsonl'), why: "would replace the batch's own results.jsonl" },
    { path: join(out, 'results.json'), why: "would replace the batch's own results.json" },
    { path: join(out, 'grades.csv'), why: "would replace the batch's own grades.csv" },
    { path: join(out, 'grades-canvas.csv'), why: "would replace the batch's own grades-canvas.csv" },
    { path: join(out, 'report.html'), why: "would replace the batch's own report.html" },
    { path: join(out, 'staged', 'x.xml'), why: "would replace the batch's own staged" },
  ])('refuses $path', ({ path, why }) => {
    expect(reservedTarget(out, { reporter: reporters.junit, path })).toContain(why)
  })
  test.each([join(out, 'junit.xml'), join(out, 'gradescope'), join(root, 'elsewhere', 'results.json'), undefined])('allows %s', (path) => {
    expect(reservedTarget(out, { reporter: reporters.junit, path })).toBeUndefined()
  })
})

describe('writeReporterOutputs', () => {
  test('json and html without a file are the batch\'s own results.json and report.html, not a second copy', () => {
    const { written, failures } = writeReporterOutputs(out, results, [{ reporter: reporters.json }, { reporter: reporters.html }, { reporter: reporters.junit }])
    expect(failures).toEqual([])
    expect(written).toEqual([join(out, 'results.json'), join(out, 'report.html'), join(out, 'junit.xml')])
    expect(readdirSync(out)).toEqual(['junit.xml'])
    expectJunitFileValid(join(out, 'junit.xml'))
  })
  test('a student id that is not a file name (an edited shard) fails that reporter and writes nothing outside', () => {
    const edited = { ...results, entries: results.entries.map((e, i) => (i === 0 ? { ...e, student: { ...e.student, id: '../../escaped' } } : e)) }
    const folder = join(root, 'deep', 'gs')
    const { written, failures } = writeReporterOutputs(out, edited, [{ reporter: reporters.gradescope, path: folder }, { reporter: reporters.markdown, path: join(root, 'class.md') }])
    expect(failures).toEqual([`Cannot write the gradescope report to ${folder}: the student id "../../escaped" is not a safe file name (were the results edited?)`])
    expect(existsSync(join(root, 'escaped.json'))).toBe(false)
    expect(existsSync(folder)).toBe(false)
    expect(written).toEqual([join(root, 'class.md')])
    expect(readFileSync(join(root, 'class.md'), 'utf8')).toBe(reporters.markdown.renderClass?.(edited, { color: false }))
  })
})
