import type { BatchResults, BatchSettings } from './types.js'

// results.json: the settings, the class summary and every entry, pretty-printed. Below the top level every
// object's keys are sorted, so the same results give the same bytes however they were built (one run, a resume
// that read half of them back from results.jsonl, or a merge of shards)
export function resultsJson(results: BatchResults): string {
  return `${JSON.stringify({ settings: sortKeys(results.settings), summary: sortKeys(results.summary), entries: sortKeys(results.entries) }, null, 2)}\n`
}

// batch.json: the settings in the order BatchSettings declares them, whatever order they were built in, so a
// merged folder's batch.json is byte-equal to the one an unsharded run writes with this function
export function settingsJson(settings: BatchSettings): string {
  const { version, sockgradeVersion, assignment, rubricHash, rubricSource, course, seed, timeoutScale, isolation, layout, shard, classSize, classHash, classWarnings, students } = settings
  const ordered: BatchSettings = {
    version,
    sockgradeVersion,
    assignment,
    rubricHash,
    rubricSource,
    ...(course !== undefined && { course }),
    seed,
    timeoutScale,
    isolation,
    layout,
    ...(shard && { shard: { index: shard.index, count: shard.count } }),
    ...(classSize !== undefined && { classSize }),
    ...(classHash !== undefined && { classHash }),
    ...(classWarnings?.length && { classWarnings }),
    students,
  }
  return `${JSON.stringify(ordered, null, 2)}\n`
}

// A deep copy with object keys in code-unit order; arrays keep their order, undefined fields are dropped
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key]
    if (child !== undefined) sorted[key] = sortKeys(child)
  }
  return sorted
}
