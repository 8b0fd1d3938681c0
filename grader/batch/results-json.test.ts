import { describe, expect, test } from 'vitest'
import { batchResults } from './entries.js'
import { MAX_SCORE, sampleEntries, SETTINGS } from './fixtures/class-entries.js'
import { resultsJson, settingsJson } from './results-json.js'
import type { BatchSettings } from './types.js'

describe('resultsJson', () => {
  const results = batchResults(SETTINGS, sampleEntries(), MAX_SCORE)

  test('settings, summary, entries; pretty-printed; parses back to the same results', () => {
    const text = resultsJson(results)
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.split('\n')[1]).toBe('  "settings": {')
    const parsed = JSON.parse(text) as typeof results
    expect(Object.keys(parsed)).toEqual(['settings', 'summary', 'entries'])
    expect(parsed).toEqual(results)
  })

  test('the same bytes however the objects were built: keys below the top level are sorted', () => {
    const reversed = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(reversed) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)])) : value
    const rebuilt = { settings: reversed(results.settings), summary: reversed(results.summary), entries: reversed(results.entries) } as typeof results
    expect(resultsJson(rebuilt)).toBe(resultsJson(results))
    expect(Object.keys((JSON.parse(resultsJson(results)) as typeof results).entries[0]!)).toEqual(['report', 'student'])
  })
})

describe('settingsJson', () => {
  test('fields in the order BatchSettings declares them, shard included only when there is one', () => {
    // built in another order, shard's keys too
    const sharded = Object.fromEntries([['shard', { count: 2, index: 1 }], ...Object.entries(SETTINGS).reverse()]) as BatchSettings
    expect(Object.keys(JSON.parse(settingsJson(sharded)) as object)).toEqual(['version', 'sockgradeVersion', 'assignment', 'rubricHash', 'rubricSource', 'seed', 'timeoutScale', 'isolation', 'layout', 'shard', 'students'])
    expect(settingsJson(sharded)).toContain('"shard": {\n    "index": 1,\n    "count": 2\n  },')
    expect(settingsJson(SETTINGS)).not.toContain('shard')
    expect(JSON.parse(settingsJson(SETTINGS))).toEqual(SETTINGS)
  })
})
