import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { reporters } from '../reporters/index.js'
import { expectJunitFileValid } from '../test-support/junit-xsd.js'
import { main } from '../cli.js'
import { batchResults } from './entries.js'
import { MAX_SCORE, sampleEntries, SETTINGS } from './fixtures/class-entries.js'
import { settingsJson } from './results-json.js'
import { shardOf } from './shard.js'
import type { BatchEntry, BatchSettings } from './types.js'
import { writeBatchOutputs } from './write-outputs.js'

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sockgrade-merge-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

async function run(argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: { NO_COLOR: '1' }, cwd: root })
  return { code, stdout, stderr }
}

// One shard's --out folder as a batch leaves it: batch.json, and results.jsonl in the order gradings finished
function writeShard(name: string, settings: Partial<BatchSettings> & Pick<BatchSettings, 'students'>, entries: readonly BatchEntry[], extraLog = ''): void {
  const dir = join(root, name)
  mkdirSync(dir)
  writeFileSync(join(dir, 'batch.json'), settingsJson({ ...SETTINGS, ...settings }))
  writeFileSync(join(dir, 'results.jsonl'), [...entries].reverse().map((e) => `${JSON.stringify(e)}\n`).join('') + extraLog)
}

// The sample class split into `count` shards by shardOf, each folder named shard-K
function writeShards(count: number, override: (index: number) => Partial<BatchSettings> = () => ({})): void {
  for (let index = 1; index <= count; index++) {
    const entries = sampleEntries().filter((e) => shardOf(e.student.id, count) === index)
    writeShard(`shard-${index}`, { shard: { index, count }, students: entries.map((e) => e.student.id), ...override(index) }, entries)
  }
}

function read(dir: string, file: string): string {
  return readFileSync(join(root, dir, file), 'utf8')
}

describe('sockgrade merge', () => {
  test('shards merge into exactly what one unsharded run writes', async () => {
    writeShards(3)
    const { code, stdout, stderr } = await run(['merge', 'shard-1', 'shard-2', 'shard-3', '--out', 'merged', '--csv-format', 'canvas'])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    mkdirSync(join(root, 'whole'))
    writeBatchOutputs(join(root, 'whole'), batchResults(SETTINGS, sampleEntries(), MAX_SCORE), { csvFormat: 'canvas' })
    for (const file of ['results.json', 'grades.csv', 'grades-canvas.csv', 'report.html']) expect(read('merged', file), file).toBe(read('whole', file))
    expect(read('merged', 'batch.json')).toBe(settingsJson(SETTINGS))
    expect(read('merged', 'results.jsonl')).toBe(sampleEntries().map((e) => `${JSON.stringify(e)}\n`).join(''))
    expect(readdirSync(join(root, 'merged')).sort()).toEqual(['batch.json', 'grades-canvas.csv', 'grades.csv', 'report.html', 'results.json', 'results.jsonl'])
    expect(stdout).toContain('Class summary · uppercase-udp (6 students, seed 7)')
    expect(stdout).toContain('Merged 3 shards into merged:\n  merged/results.json\n  merged/grades.csv\n  merged/grades-canvas.csv\n  merged/report.html\n')
  })

  test('--reporter writes its class form, or a file per student, into the merged folder', async () => {
    writeShards(2)
    const { code, stdout } = await run(['merge', 'shard-1', 'shard-2', '--out', 'merged', '--reporter', 'junit', '--reporter', 'gradescope'])
    expect(code).toBe(0)
    const results = batchResults(SETTINGS, sampleEntries(), MAX_SCORE)
    expect(read('merged', 'junit.xml')).toBe(reporters.junit.renderClass?.(results, { color: false }))
    expectJunitFileValid(join(root, 'merged', 'junit.xml'))
    expect(readdirSync(join(root, 'merged', 'gradescope')).sort()).toEqual(sampleEntries().map((e) => `${e.student.id}.json`).sort())
    expect(read('merged', 'gradescope/1001.json')).toBe(reporters.gradescope.render(sampleEntries()[0]!.report, { color: false }))
    expect(stdout).toContain('  merged/junit.xml\n  merged/gradescope\n')
  })

  test('the shards can be given in any order', async () => {
    writeShards(2)
    expect((await run(['merge', 'shard-2', 'shard-1', '--out', 'merged'])).code).toBe(0)
    expect(read('merged', 'results.json')).toBe(`${JSON.stringify(JSON.parse(read('merged', 'results.json')), null, 2)}\n`)
    expect((JSON.parse(read('merged', 'results.json')) as { entries: BatchEntry[] }).entries.map((e) => e.student.id)).toEqual(['1001', '1002', '1003', '1004', '1005', '1006'])
  })

  async function refusal(argv: string[]): Promise<string[]> {
    const { code, stdout, stderr } = await run(['merge', ...argv, '--out', 'merged'])
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' })
    expect(readdirSync(root)).not.toContain('merged')
    const [head, ...problems] = stderr.trimEnd().split('\n')
    expect(head).toMatch(/^sockgrade: Cannot merge \d+ folders? into "merged":$/)
    return problems.map((line) => line.replace(/^ {2}/, ''))
  }

  test('refuses a folder with no batch.json, and one that does not exist', async () => {
    writeShards(2)
    mkdirSync(join(root, 'empty'))
    expect(await refusal(['shard-1', 'shard-2', 'empty', 'nowhere'])).toEqual([
      '"empty" has no batch.json: it is not the --out folder of a sockgrade batch',
      'Cannot read "nowhere": no such folder',
    ])
  })

  test('refuses an unsharded batch folder', async () => {
    writeShard('whole', { students: ['1001'] }, sampleEntries().slice(0, 1))
    expect(await refusal(['whole'])).toEqual(['"whole" is not a shard (its batch.json has no "shard"): merge combines the folders of "sockgrade batch --shard K/N" runs'])
  })

  test('refuses shards graded with other settings, listing each value and its folders', async () => {
    writeShards(3, (index) => (index === 1 ? { rubricHash: 'b'.repeat(64), seed: 8, sockgradeVersion: '0.2.0' } : index === 2 ? { timeoutScale: 2, assignment: 'uppercase-tcp' } : {}))
    expect(await refusal(['shard-1', 'shard-2', 'shard-3'])).toEqual([
      'Shards disagree on the assignment: "uppercase-udp" in "shard-1", "shard-3"; "uppercase-tcp" in "shard-2"',
      `Shards disagree on the rubric hash: "${'b'.repeat(64)}" in "shard-1"; "${'a'.repeat(64)}" in "shard-2", "shard-3"`,
      'Shards disagree on the seed: 8 in "shard-1"; 7 in "shard-2", "shard-3"',
      'Shards disagree on the timeout scale: 1 in "shard-1", "shard-3"; 2 in "shard-2"',
      'Shards disagree on the sockgrade version: "0.2.0" in "shard-1"; "0.1.0" in "shard-2", "shard-3"',
    ])
  })

  test('refuses a shard count that disagrees', async () => {
    writeShards(2)
    writeShard('other', { shard: { index: 3, count: 3 }, students: [] }, [])
    expect(await refusal(['shard-1', 'shard-2', 'other'])).toEqual(['Shards disagree on the shard count: 2 in "shard-1", "shard-2"; 3 in "other"'])
  })

  test('refuses the same shard twice and a missing shard', async () => {
    writeShards(3)
    expect(await refusal(['shard-1', 'shard-1', 'shard-2'])).toEqual([
      'Shard 1/3 is given 2 times: "shard-1", "shard-1"',
      'Shard 3/3 is missing',
      '3 students are in more than one shard: "1001" ("shard-1", "shard-1"), "1004" ("shard-1", "shard-1"), "1005" ("shard-1", "shard-1")',
    ])
  })

  test('refuses a shard whose results.jsonl lacks some of its students, naming how many and the first few', async () => {
    writeShard('shard-1', { shard: { index: 1, count: 2 }, students: ['1003', '1004', '1005', 'a', 'b', 'c', 'd', 'e', 'f'] }, sampleEntries().filter((e) => ['1003', '1004', '1005'].includes(e.student.id)))
    writeShard('shard-2', { shard: { index: 2, count: 2 }, students: ['1001', '1002', '1006'] }, sampleEntries().filter((e) => ['1001', '1002', '1006'].includes(e.student.id)))
    expect(await refusal(['shard-1', 'shard-2'])).toEqual([
      'Shard 1/2 ("shard-1") is incomplete: 6 of its 9 students have no result (first: "a", "b", "c", "d", "e" and 1 more): finish it with "sockgrade batch ... --resume"',
    ])
  })

  test('refuses a student in two shards', async () => {
    const [a, b] = sampleEntries()
    writeShard('shard-1', { shard: { index: 1, count: 2 }, students: ['1001', '1002'] }, [a!, b!])
    writeShard('shard-2', { shard: { index: 2, count: 2 }, students: ['1001'] }, [a!])
    expect(await refusal(['shard-1', 'shard-2'])).toEqual(['1 student is in more than one shard: "1001" ("shard-1", "shard-2")'])
  })

  test('refuses a torn results.jsonl line, naming its line', async () => {
    writeShards(2)
    writeFileSync(join(root, 'shard-2', 'results.jsonl'), `${read('shard-2', 'results.jsonl')}{"student":{"id":"10`)
    expect(await refusal(['shard-1', 'shard-2'])).toEqual(['"shard-2/results.jsonl" has a line that does not parse (line 4): finish shard 2/2 with "sockgrade batch ... --resume" first'])
  })

  test('usage: no folders, no --out, an --out that is a shard or not empty, an unknown CSV format', async () => {
    writeShards(2)
    expect((await run(['merge', '--out', 'x'])).stderr).toContain('sockgrade: Missing the shard folders: sockgrade merge <shard-out-dir>... --out <dir>\n')
    expect((await run(['merge', 'shard-1'])).stderr).toContain('sockgrade: Missing --out <dir>: the folder the merged outputs go to\n')
    expect((await run(['merge', 'shard-1', 'shard-2', '--out', 'shard-2'])).stderr).toContain('sockgrade: --out "shard-2" is one of the shard folders: choose a new folder\n')
    mkdirSync(join(root, 'full'))
    writeFileSync(join(root, 'full', 'x'), '')
    expect(await run(['merge', 'shard-1', 'shard-2', '--out', 'full'])).toMatchObject({ code: 2, stderr: expect.stringContaining('sockgrade: "full" is not empty: merge writes into a new or empty folder\n') })
    expect((await run(['merge', 'shard-1', '--out', 'y', '--csv-format', 'excel'])).stderr).toContain('Invalid value for --csv-format: expected "canvas", "moodle", "gradescope", got "excel"')
  })
})
