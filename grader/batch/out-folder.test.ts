import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { openOutFolder, startOrResume } from './out-folder.js'
import { openResultsLog, readResultsLog } from './results-log.js'
import type { BatchEntry, BatchSettings } from './types.js'

const settings: BatchSettings = {
  version: 1,
  sockgradeVersion: '0.1.0',
  assignment: 'uppercase-udp',
  rubricHash: 'a'.repeat(64),
  rubricSource: 'bundled rubric.yaml',
  seed: 2026,
  timeoutScale: 1,
  isolation: 'sandbox',
  layout: 'dirs',
  students: ['alice', 'bob', 'carol'],
}
const entry = (id: string) => ({ student: { id, name: id, files: [], notes: [], flags: [] }, report: { score: 1 } }) as unknown as BatchEntry
const fresh = () => join(mkdtempSync(join(tmpdir(), 'out-folder-')), 'out')

describe('the --out folder of a batch', () => {
  test('a new batch creates the folder and records its settings', () => {
    const out = fresh()
    expect(openOutFolder(out, false)).toBeUndefined()
    expect(startOrResume(out, settings, undefined)).toEqual({ entries: [], unreadableLines: 0 })
    expect(JSON.parse(readFileSync(join(out, "batch.json"), "utf8"))).toEqual(settings)
  })

  test('a second batch into the same folder is refused, saying how far the first got', () => {
    const out = fresh()
    openOutFolder(out, false)
    startOrResume(out, settings, undefined)
    openResultsLog(out).append(entry('alice'))
    expect(() => openOutFolder(out, false)).toThrow(`"${out}" already holds a batch (1 of 3 graded): add --resume to finish it, or choose another --out`)
  })

  test('a folder with other files is refused; --resume without a batch is refused', () => {
    const out = fresh()
    mkdirSync(out)
    writeFileSync(join(out, 'notes.txt'), 'mine')
    expect(() => openOutFolder(out, false)).toThrow(`"${out}" is not empty: a batch writes into a new or empty folder`)
    expect(() => openOutFolder(out, true)).toThrow(`Nothing to resume in "${out}": it holds no batch.json (start the batch without --resume)`)
  })

  test('a resume with other settings is refused, naming each difference', () => {
    const out = fresh()
    openOutFolder(out, false)
    startOrResume(out, settings, undefined)
    const before = openOutFolder(out, true)
    const changed = { ...settings, seed: 7, students: ['alice', 'bob', 'dave'] }
    expect(() => startOrResume(out, changed, before)).toThrow(
      `Cannot resume the batch in "${out}": it was started with other settings:\n  seed: 7 now, 2026 in the folder\n  students added since the first run: "dave"\n  students gone since the first run: "carol"`,
    )
  })

  test('a resume keeps every whole line and drops a line torn by a crash, so that student is graded again', () => {
    const out = fresh()
    openOutFolder(out, false)
    startOrResume(out, settings, undefined)
    const log = openResultsLog(out)
    log.append(entry('alice'))
    log.append(entry('bob'))
    log.close()
    appendFileSync(join(out, 'results.jsonl'), '{"student":{"id":"carol","na')
    const kept = startOrResume(out, settings, openOutFolder(out, true))
    expect(kept.entries.map((e) => e.student.id)).toEqual(['alice', 'bob'])
    expect(kept.unreadableLines).toBe(1)
    expect(readResultsLog(out).tornLines).toEqual([])
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8').split('\n').filter(Boolean)).toHaveLength(2)
  })
})
