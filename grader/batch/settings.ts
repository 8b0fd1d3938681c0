import { createHash } from 'node:crypto'
import type { RubricCheck } from '../rubric/rubric.js'
import type { BatchSettings } from './types.js'

// What identifies a class for its shards: every student id of the class folder, before sharding
export function classHash(ids: readonly string[]): string {
  return createHash('sha256').update([...ids].sort().join('\n')).digest('hex')
}

// What identifies a rubric for a batch: the checks graded, not the file's bytes (comments and order of keys do not count)
export function rubricHash(checks: readonly RubricCheck[]): string {
  return createHash('sha256').update(JSON.stringify(checks)).digest('hex')
}

// Where two batches' settings differ, in words ("seed: 7 here, 2026 in the folder"); empty when a resume may go on
export function settingsDifferences(now: BatchSettings, before: BatchSettings): string[] {
  const differences: string[] = []
  const compare = (label: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) differences.push(`${label}: ${show(a)} now, ${show(b)} in the folder`)
  }
  compare('assignment', now.assignment, before.assignment)
  compare('rubric', `${now.rubricSource} (${now.rubricHash.slice(0, 12)})`, `${before.rubricSource} (${before.rubricHash.slice(0, 12)})`)
  compare('course', now.course ?? 'none', before.course ?? 'none')
  compare('seed', now.seed, before.seed)
  compare('timeout scale', now.timeoutScale, before.timeoutScale)
  compare('sockgrade version', now.sockgradeVersion, before.sockgradeVersion)
  compare('isolation', now.isolation, before.isolation)
  compare('layout', now.layout, before.layout)
  compare('class size', now.classSize, before.classSize)
  if (now.classSize === before.classSize && now.classHash !== before.classHash) differences.push("class folder: other students' ids now than in the first run")
  compare('shard', now.shard ? `${now.shard.index}/${now.shard.count}` : 'none', before.shard ? `${before.shard.index}/${before.shard.count}` : 'none')
  const added = now.students.filter((id) => !before.students.includes(id))
  const removed = before.students.filter((id) => !now.students.includes(id))
  if (added.length) differences.push(`students added since the first run: ${listed(added)}`)
  if (removed.length) differences.push(`students gone since the first run: ${listed(removed)}`)
  return differences
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value)
}

function listed(ids: readonly string[]): string {
  const shown = ids.slice(0, 5).map((id) => `"${id}"`).join(', ')
  return ids.length > 5 ? `${shown} and ${ids.length - 5} more` : shown
}
