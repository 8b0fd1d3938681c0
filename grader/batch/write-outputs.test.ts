import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { writeFileAtomic } from './atomic-write.js'
import { batchResults } from './entries.js'
import { MAX_SCORE, sampleEntries, SETTINGS } from './fixtures/class-entries.js'
import { gradesCsv } from './grades-csv.js'
import { resultsJson } from './results-json.js'
import { writeBatchOutputs } from './write-outputs.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sockgrade-outputs-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('writeBatchOutputs', () => {
  const results = batchResults(SETTINGS, sampleEntries(), MAX_SCORE)

  test('writes results.json, grades.csv, the asked variant and report.html, and nothing else', () => {
    const { files } = writeBatchOutputs(dir, results, { csvFormat: 'moodle' })
    expect(files).toEqual(['results.json', 'grades.csv', 'grades-moodle.csv', 'report.html'].map((name) => join(dir, name)))
    expect(readdirSync(dir).sort()).toEqual(['grades-moodle.csv', 'grades.csv', 'report.html', 'results.json'])
    expect(readFileSync(join(dir, 'results.json'), 'utf8')).toBe(resultsJson(results))
    expect(readFileSync(join(dir, 'grades.csv'), 'utf8')).toBe(gradesCsv(results, 'default'))
    expect(readFileSync(join(dir, 'grades-moodle.csv'), 'utf8')).toBe(gradesCsv(results, 'moodle'))
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i)
  })

  test('without a CSV format only grades.csv; writing again replaces the files whole', () => {
    writeFileSync(join(dir, 'results.json'), 'x'.repeat(1_000_000))
    expect(writeBatchOutputs(dir, results, {}).files.map((f) => f.slice(dir.length + 1))).toEqual(['results.json', 'grades.csv', 'report.html'])
    expect(readFileSync(join(dir, 'results.json'), 'utf8')).toBe(resultsJson(results))
  })
})

describe('writeFileAtomic', () => {
  test('leaves no temporary file behind', () => {
    writeFileAtomic(join(dir, 'a.txt'), 'héllo')
    writeFileAtomic(join(dir, 'a.txt'), 'bye')
    expect(readdirSync(dir)).toEqual(['a.txt'])
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('bye')
  })

  test('a write that fails keeps the old file and removes its temporary file', () => {
    writeFileAtomic(join(dir, 'a.txt'), 'old')
    // renaming a file over a non-empty folder fails, after the temporary file was written
    mkdirSync(join(dir, 'folder'))
    writeFileSync(join(dir, 'folder', 'inside'), '')
    expect(() => writeFileAtomic(join(dir, 'folder'), 'new')).toThrow()
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'folder'])
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('old')
  })
})
