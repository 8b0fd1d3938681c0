import { existsSync, readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { UsageError } from '../errors.js'
import { writeFileAtomic } from '../batch/atomic-write.js'
import { batchResults } from '../batch/entries.js'
import { mergeShards } from '../batch/merge.js'
import { RESULTS_LOG_FILE, SETTINGS_FILE } from '../batch/results-log.js'
import { settingsJson } from '../batch/results-json.js'
import { renderClassSummary } from '../batch/summary-text.js'
import { writeBatchOutputs, type LmsCsvFormat } from '../batch/write-outputs.js'
import { colorFor, type CliIo } from './io.js'
import { choice, parseCommandArgs } from './options.js'
import { reporterHelp, reporterTargets } from './reporter-option.js'
import { reservedTarget, writeReporterOutputs } from '../batch/reporter-outputs.js'
import { makeFolders } from '../batch/output-file.js'

export const MERGE_USAGE = `Usage: sockgrade merge <shard-out-dir>... --out <dir> [options]

Combines the --out folders of "sockgrade batch --shard K/N" runs (one per K, from 1 to N) into one folder
holding exactly what one unsharded batch writes: batch.json, results.jsonl, results.json, grades.csv and
report.html, with the class summary on stdout.

It refuses, naming the folders, when a folder holds no batch, when the shards were graded with different
settings (assignment, rubric, seed, timeout scale, sockgrade version, isolation, layout), when a shard is
given twice or is missing, when a shard has not graded all its students (finish it with --resume), when a
student is in two shards, and when a results.jsonl has a torn line.

Options:
  --out <dir>               where the merged outputs go: a new or empty folder
  --csv-format <format>     also write grades-<format>.csv for a grade import: canvas, moodle or gradescope
${reporterHelp(28, 'to <file>, or into --out without one', ['(as sockgrade batch --reporter: the class in one document, or a file per student)'])}
  -h, --help                show this help

Examples:
  sockgrade merge shard-1 shard-2 shard-3 --out results
  sockgrade merge out/shard-* --out results --csv-format canvas

Exit codes: 0 merged, 2 refused (every problem is listed), bad usage or a --reporter output not written.
`

// `sockgrade merge <dir>... --out <dir>`: the shards' combined outputs in --out; returns the exit code
export async function mergeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    out: { type: 'string' },
    'csv-format': { type: 'string' },
    reporter: { type: 'string', multiple: true },
  })
  if (positionals.length === 0) throw new UsageError('Missing the shard folders: sockgrade merge <shard-out-dir>... --out <dir>')
  if (!values.out) throw new UsageError('Missing --out <dir>: the folder the merged outputs go to')
  const csvFormat = choice<LmsCsvFormat>('--csv-format', values['csv-format'], ['canvas', 'moodle', 'gradescope'])
  const cwd = io.cwd ?? process.cwd()
  const targets = reporterTargets(values.reporter, cwd)
  const outDir = resolve(cwd, values.out)
  for (const target of targets) {
    const reserved = reservedTarget(outDir, target)
    if (reserved) throw new UsageError(reserved)
  }
  if (positionals.some((dir) => resolve(cwd, dir) === outDir)) throw new UsageError(`--out "${values.out}" is one of the shard folders: choose a new folder`)
  if (existsSync(outDir) && readdirSync(outDir).length) throw new UsageError(`"${values.out}" is not empty: merge writes into a new or empty folder`)

  const merged = mergeShards(positionals, cwd)
  if (!merged.ok) {
    io.stderr.write(`sockgrade: Cannot merge ${positionals.length === 1 ? '1 folder' : `${positionals.length} folders`} into "${values.out}":\n${merged.problems.map((p) => `  ${p}\n`).join('')}`)
    return 2
  }
  makeFolders(outDir)
  writeFileAtomic(join(outDir, SETTINGS_FILE), settingsJson(merged.settings))
  writeFileAtomic(join(outDir, RESULTS_LOG_FILE), merged.entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''))
  // Every report of a batch was graded against the same rubric (the shards' rubric hashes agree)
  const maxScore = merged.entries[0]?.report.maxScore ?? 0
  const results = batchResults(merged.settings, merged.entries, maxScore)
  const { files } = writeBatchOutputs(outDir, results, { csvFormat })
  const reported = writeReporterOutputs(outDir, results, targets)
  io.stdout.write(renderClassSummary(results, { color: colorFor(io.stdout, io.env) }))
  io.stdout.write(`\nMerged ${positionals.length === 1 ? '1 shard' : `${positionals.length} shards`} into ${values.out}:\n${[...files, ...reported.written].map((file) => `  ${relative(cwd, file)}\n`).join('')}`)
  for (const problem of reported.failures) io.stderr.write(`${problem}\n`)
  return reported.failures.length ? 2 : 0
}
