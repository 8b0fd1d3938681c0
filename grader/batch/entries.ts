import { classSummary } from './summary.js'
import type { BatchEntry, BatchResults, BatchSettings } from './types.js'

// A finished batch: entries sorted by student id (code units, the same on every machine and locale) and the summary
export function batchResults(settings: BatchSettings, entries: readonly BatchEntry[], maxScore: number): BatchResults {
  const sorted = [...entries].sort((a, b) => compareIds(a.student.id, b.student.id))
  return { settings, summary: classSummary(sorted, maxScore), entries: sorted }
}

// Plain code-unit order: localeCompare would differ between ICU versions and locales
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
