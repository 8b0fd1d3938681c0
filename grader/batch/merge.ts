import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { compareIds } from './entries.js'
import { readResultsLog, readSettings, RESULTS_LOG_FILE, SETTINGS_FILE } from './results-log.js'
import type { BatchEntry, BatchSettings } from './types.js'

/** One shard's output folder, read back */
interface ShardOutput {
  readonly dir: string
  readonly settings: BatchSettings
  readonly entries: readonly BatchEntry[]
  /** Its results.jsonl has lines that do not parse: not checked for completeness, already refused */
  readonly torn: boolean
}

/** What merging shard folders gives: the combined batch, or every reason it was refused */
export type MergeOutcome =
  | { readonly ok: true; readonly settings: BatchSettings; readonly entries: BatchEntry[] }
  | { readonly ok: false; readonly problems: string[] }

// Settings every shard must share, with the words a refusal uses for them. rubricSource is not one: the same
// rubric may sit at another path on another machine, and rubricHash already says whether it is the same rubric
const SHARED_SETTINGS: readonly [keyof BatchSettings, string][] = [
  ['assignment', 'assignment'],
  ['rubricHash', 'rubric hash'],
  ['seed', 'seed'],
  ['timeoutScale', 'timeout scale'],
  ['sockgradeVersion', 'sockgrade version'],
  ['isolation', 'isolation'],
  ['layout', 'layout'],
  ['version', 'batch.json version'],
  // Shards of one class: a student added to the export between two shards' runs would otherwise be in no shard
  ['classSize', 'number of students in the class folder'],
  ['classHash', "class folder's students (a hash of their ids)"],
]

const SHOWN_IDS = 5

// Read the shard folders of `--shard K/N` runs and combine them into the batch one unsharded run would have made:
// settings without `shard` and with the union of the students, every entry once. Refuses, naming the folders,
// anything that would make the merged results differ from such a run: a folder that is no batch output, settings
// that disagree, a shard given twice or missing, a shard not finished, a student in two shards, a torn results line
// Folders are named in messages as given and read relative to cwd
export function mergeShards(dirs: readonly string[], cwd = process.cwd()): MergeOutcome {
  const problems: string[] = []
  const shards: ShardOutput[] = []
  for (const dir of dirs) {
    const shard = readShard(dir, resolve(cwd, dir), problems)
    if (shard) shards.push(shard)
  }
  if (shards.length === 0) return { ok: false, problems }
  // A folder that could not be read is not counted as a missing shard: it is named once, above
  const unreadable = problems.length > 0
  for (const [key, label] of SHARED_SETTINGS) problems.push(...disagreement(shards, label, (s) => s.settings[key]))
  const countProblems = disagreement(shards, 'shard count', (s) => s.settings.shard?.count)
  problems.push(...countProblems)
  if (!countProblems.length) problems.push(...duplicatesAndGaps(shards, !unreadable))
  for (const shard of shards) if (!shard.torn) problems.push(...completeness(shard))
  problems.push(...overlaps(shards))
  if (problems.length) return { ok: false, problems }
  return { ok: true, settings: mergedSettings(shards), entries: shards.flatMap((s) => s.entries).sort((a, b) => compareIds(a.student.id, b.student.id)) }
}

function readShard(dir: string, path: string, problems: string[]): ShardOutput | undefined {
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    problems.push(`Cannot read "${dir}": no such folder`)
    return undefined
  }
  let settings: BatchSettings | undefined
  try {
    settings = readSettings(path)
  } catch (error) {
    problems.push(`Cannot read "${dir}/${SETTINGS_FILE}": ${(error as Error).message}`)
    return undefined
  }
  if (!settings) {
    problems.push(`"${dir}" has no ${SETTINGS_FILE}: it is not the --out folder of a sockgrade batch`)
    return undefined
  }
  if (!settings.shard) {
    problems.push(`"${dir}" is not a shard (its ${SETTINGS_FILE} has no "shard"): merge combines the folders of "sockgrade batch --shard K/N" runs`)
    return undefined
  }
  const log = readResultsLog(path)
  if (log.tornLines.length) {
    const lines = log.tornLines.length === 1 ? `a line that does not parse (line ${log.tornLines[0]})` : `lines that do not parse (lines ${log.tornLines.join(', ')})`
    problems.push(`"${dir}/${RESULTS_LOG_FILE}" has ${lines}: finish shard ${shardName(settings)} with "sockgrade batch ... --resume" first`)
  }
  return { dir, settings, entries: log.entries, torn: log.tornLines.length > 0 }
}

// "Shards disagree on the seed: 7 in "a", "b"; 8 in "c"" when the shards hold more than one value
function disagreement(shards: readonly ShardOutput[], label: string, value: (shard: ShardOutput) => unknown): string[] {
  const byValue = new Map<string, string[]>()
  for (const shard of shards) {
    const shown = show(value(shard))
    byValue.set(shown, [...(byValue.get(shown) ?? []), shard.dir])
  }
  if (byValue.size <= 1) return []
  const groups = [...byValue].map(([shown, dirs]) => `${shown} in ${dirs.map((d) => `"${d}"`).join(', ')}`)
  return [`Shards disagree on the ${label}: ${groups.join('; ')}`]
}

function duplicatesAndGaps(shards: readonly ShardOutput[], gaps: boolean): string[] {
  const problems: string[] = []
  const count = shards[0]!.settings.shard!.count
  const byIndex = new Map<number, string[]>()
  for (const shard of shards) byIndex.set(shard.settings.shard!.index, [...(byIndex.get(shard.settings.shard!.index) ?? []), shard.dir])
  for (const [index, dirs] of [...byIndex].sort(([a], [b]) => a - b)) {
    if (dirs.length > 1) problems.push(`Shard ${index}/${count} is given ${dirs.length} times: ${dirs.map((d) => `"${d}"`).join(', ')}`)
  }
  for (let index = 1; gaps && index <= count; index++) {
    if (!byIndex.has(index)) problems.push(`Shard ${index}/${count} is missing`)
  }
  return problems
}

// Every student the shard was given has a result, and it has results only for them
function completeness(shard: ShardOutput): string[] {
  const graded = new Set(shard.entries.map((e) => e.student.id))
  const given = new Set(shard.settings.students)
  const missing = shard.settings.students.filter((id) => !graded.has(id))
  const extra = shard.entries.map((e) => e.student.id).filter((id) => !given.has(id)).sort(compareIds)
  const problems: string[] = []
  const name = `Shard ${shardName(shard.settings)} ("${shard.dir}")`
  if (missing.length) problems.push(`${name} is incomplete: ${missing.length} of its ${shard.settings.students.length} students have no result (${idList(missing)}): finish it with "sockgrade batch ... --resume"`)
  if (extra.length) problems.push(`${name} has results for ${extra.length === 1 ? 'a student' : `${extra.length} students`} not in its ${SETTINGS_FILE}: ${idList(extra)}`)
  return problems
}

function overlaps(shards: readonly ShardOutput[]): string[] {
  const owners = new Map<string, string[]>()
  for (const shard of shards) for (const id of shard.settings.students) owners.set(id, [...(owners.get(id) ?? []), shard.dir])
  const shared = [...owners].filter(([, dirs]) => dirs.length > 1).sort(([a], [b]) => compareIds(a, b))
  if (!shared.length) return []
  const shown = shared.slice(0, SHOWN_IDS).map(([id, dirs]) => `"${id}" (${dirs.map((d) => `"${d}"`).join(', ')})`)
  const more = shared.length > SHOWN_IDS ? ` and ${shared.length - SHOWN_IDS} more` : ''
  return [`${shared.length === 1 ? '1 student is' : `${shared.length} students are`} in more than one shard: ${shown.join(', ')}${more}`]
}

// The settings of the unsharded run these shards add up to: shard 1's, without `shard`, with every student
function mergedSettings(shards: readonly ShardOutput[]): BatchSettings {
  const first = [...shards].sort((a, b) => a.settings.shard!.index - b.settings.shard!.index)[0]!.settings
  const { shard: _shard, ...rest } = first
  return { ...rest, students: shards.flatMap((s) => s.settings.students).sort(compareIds) }
}

function shardName(settings: BatchSettings): string {
  return `${settings.shard!.index}/${settings.shard!.count}`
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : value === undefined ? 'none' : String(value)
}

function idList(ids: readonly string[]): string {
  const shown = ids.slice(0, SHOWN_IDS).map((id) => `"${id}"`).join(', ')
  return ids.length > SHOWN_IDS ? `first: ${shown} and ${ids.length - SHOWN_IDS} more` : shown
}
