import { join, resolve } from 'node:path'
import { findAssignment } from '../assignments/load.js'
import type { CliIo } from '../cli/io.js'
import { UsageError } from '../errors.js'
import { bundledRubric } from '../grade-submission.js'
import { maxScoreOf } from '../rubric/rubric.js'
import { loadRubricFile } from '../rubric/load.js'
import { chooseIsolation, type IsolationRequest } from '../sandbox/detect.js'
import { sockgradeVersion } from '../version.js'
import { batchResults } from './entries.js'
import { countReport, gradeStudents, type ProgressCounts } from './grade-students.js'
import { describeScan, scanClass } from './layouts/index.js'
import { openOutFolder, startOrResume } from './out-folder.js'
import { GradingPool } from './pool.js'
import { showProgress } from './progress.js'
import { openResultsLog } from './results-log.js'
import { rubricHash } from './settings.js'
import { inShard, type Shard } from './shard.js'
import type { BatchResults, BatchSettings, LayoutName } from './types.js'
import { writeBatchOutputs } from './write-outputs.js'
import type { CsvFormat } from './grades-csv.js'

export interface BatchOptions {
  /** The class folder, as the course's system exported it */
  readonly root: string
  readonly assignment: string
  readonly out: string
  readonly jobs: number
  readonly layout: LayoutName | 'auto'
  readonly resume: boolean
  readonly shard?: Shard
  /** Drawn at random and recorded when absent; a resume uses the recorded one */
  readonly seed?: number
  readonly timeoutScale: number
  readonly isolation: IsolationRequest
  /** A rubric file of the course's, resolved; the bundled rubric when absent */
  readonly rubricPath?: string
  readonly csvFormat?: Exclude<CsvFormat, 'default'>
}

/** A batch that ran to its end, or was stopped */
export interface BatchRun {
  /** Present when every student of the run has a result */
  readonly results?: BatchResults
  readonly outDir: string
  readonly files: readonly string[]
  readonly graded: number
  readonly total: number
}

/** Stops a running batch (Ctrl-C): the workers are killed, what was graded stays in results.jsonl */
export interface BatchControl {
  stop(): void
}

// Grade a class: lay out the submissions, grade the ones not graded yet in a pool of workers, append each result as it
// arrives, then write every output. Progress and what the layout found go to stderr
export async function runBatch(options: BatchOptions, io: CliIo, control?: (control: BatchControl) => void): Promise<BatchRun> {
  const assignment = findAssignment(options.assignment)
  if (!assignment) throw new UsageError(`Unknown assignment "${options.assignment}"`)
  const rubric = options.rubricPath ? loadRubricFile(options.rubricPath, options.rubricPath) : bundledRubric()
  const checks = rubric.assignments.get(assignment.id)
  if (!checks) throw new UsageError(`The rubric "${rubric.source}" has no checks for assignment "${assignment.id}"`)
  const outDir = resolve(options.out)
  const before = openOutFolder(outDir, options.resume)
  const scanned = await scanClass(resolve(options.root), { layout: before?.layout ?? options.layout, stagingDir: join(outDir, 'staged'), assignment })
  // A resume reads the class as the batch it finishes did
  const scan = before ? { ...scanned, detection: 'as recorded in batch.json when the batch started' } : scanned
  io.stderr.write(describeScan(scan))
  const students = scan.students.filter((student) => !options.shard || inShard(student.id, options.shard))
  const isolation = await chooseIsolation(before?.isolation ?? options.isolation)
  io.stderr.write(`Isolation: ${isolation.mode} (${isolation.reason})\n`)
  const settings: BatchSettings = {
    version: 1,
    sockgradeVersion: sockgradeVersion(),
    assignment: assignment.id,
    rubricHash: rubricHash(checks),
    rubricSource: options.rubricPath ? rubric.source : 'bundled rubric.yaml',
    seed: options.seed ?? before?.seed ?? Math.floor(Math.random() * 1_000_000),
    timeoutScale: options.timeoutScale,
    isolation: isolation.mode,
    layout: scan.layout,
    ...(options.shard ? { shard: options.shard } : {}),
    students: students.map((student) => student.id),
  }
  const earlier = startOrResume(outDir, settings, before)
  const gradedBefore = new Set(earlier.map((entry) => entry.student.id))
  const todo = students.filter((student) => !gradedBefore.has(student.id))
  const slice = options.shard ? `Shard ${options.shard.index}/${options.shard.count}: ${students.length} of the ${scan.students.length} students. ` : ''
  io.stderr.write(`${slice}${before ? `Resuming: ${earlier.length} graded before, ` : ''}${todo.length} to grade with ${options.jobs} job${options.jobs === 1 ? '' : 's'} (seed ${settings.seed})\n`)
  const progress: ProgressCounts = { total: students.length, resumed: earlier.length, done: 0, fullMarks: 0, partial: 0, notGradable: 0, running: new Map(), startedAt: Date.now() }
  for (const entry of earlier) countReport(progress, entry.report)
  const pool = new GradingPool({ jobs: options.jobs, env: process.env })
  let stopped = false
  control?.({
    stop() {
      stopped = true
      pool.stop()
    },
  })
  const log = openResultsLog(outDir)
  const display = showProgress(io.stderr, () => progress)
  let entries
  try {
    const job = { assignment, checks, seed: settings.seed, timeoutScale: options.timeoutScale }
    entries = [...earlier, ...(await gradeStudents(todo, { job, rubricPath: options.rubricPath, isolation: isolation.mode, jobs: options.jobs, env: process.env, log, progress }, pool))]
  } finally {
    display.stop()
    log.close()
    await pool.close()
  }
  if (stopped || entries.length < students.length) return { outDir, files: [], graded: entries.length, total: students.length }
  const results = batchResults(settings, entries, maxScoreOf(checks))
  const { files } = writeBatchOutputs(outDir, results, { csvFormat: options.csvFormat })
  return { results, outDir, files, graded: entries.length, total: students.length }
}
