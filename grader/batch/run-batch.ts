import { existsSync, rmSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import type { Assignment } from '../assignments/assignment.js'
import { defaultJobs } from './default-jobs.js'
import { findAssignment, knownAssignments } from '../assignments/load.js'
import { openCourse } from '../course/open-course.js'
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
import { openOutFolder, STAGING_FOLDER, startOrResume } from './out-folder.js'
import { GradingPool } from './pool.js'
import { showProgress } from './progress.js'
import { openResultsLog, SETTINGS_FILE } from './results-log.js'
import { classHash, rubricHash } from './settings.js'
import { inShard, type Shard } from './shard.js'
import type { BatchResults, BatchSettings, LayoutName } from './types.js'
import { writeBatchOutputs } from './write-outputs.js'
import type { CsvFormat } from './grades-csv.js'

export interface BatchOptions {
  /** The class folder, as the course's system exported it */
  readonly root: string
  readonly assignment: string
  readonly out: string
  /** Gradings at once; by default three per core in a sandbox, one on the host */
  readonly jobs?: number
  readonly layout: LayoutName | 'auto'
  readonly resume: boolean
  readonly shard?: Shard
  /** Drawn at random and recorded when absent; a resume uses the recorded one */
  readonly seed?: number
  readonly timeoutScale: number
  readonly isolation: IsolationRequest
  /** A rubric file of the course's, resolved; the bundled rubric when absent */
  readonly rubricPath?: string
  /** A course folder (see course/open-course.ts), resolved: its assignments and rubric over the bundled ones */
  readonly courseDir?: string
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

// True when `path` is `folder` or inside it
function within(path: string, folder: string): boolean {
  const rel = relative(folder, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

// Grade a class: lay out the submissions, grade the ones not graded yet in a pool of workers, append each result as it
// arrives, then write every output. Progress and what the layout found go to stderr
export async function runBatch(options: BatchOptions, io: CliIo, control?: (control: BatchControl) => void): Promise<BatchRun> {
  const course = options.courseDir ? openCourse({ dir: options.courseDir, how: '--course' }, process.cwd()) : undefined
  const assignment = findAssignment(options.assignment)
  if (!assignment) throw new UsageError(`Unknown assignment "${options.assignment}"`)
  const rubric = options.rubricPath ? loadRubricFile(options.rubricPath, options.rubricPath, knownAssignments()) : (course?.rubric ?? bundledRubric())
  const checks = rubric.assignments.get(assignment.id)
  if (!checks) throw new UsageError(`The rubric "${rubric.source}" has no checks for assignment "${assignment.id}"`)
  const outDir = resolve(options.out)
  const root = resolve(options.root)
  if (within(outDir, root) || within(root, outDir)) throw new UsageError(`--out "${outDir}" and the class folder "${root}" must not hold one another: a batch would grade its own results next time`)
  const created = !existsSync(outDir)
  const before = openOutFolder(outDir, options.resume)
  // A batch that cannot start (the class folder is missing, a usage error) leaves no --out folder behind it
  const prepared = await prepare().catch((error: unknown) => {
    if (created && !existsSync(join(outDir, SETTINGS_FILE))) rmSync(outDir, { recursive: true, force: true })
    throw error
  })
  async function prepare() {
    const scanned = await scanClass(root, { layout: before?.layout ?? options.layout, stagingDir: join(outDir, STAGING_FOLDER), assignment: assignment as Assignment })
    // A resume reads the class as the batch it finishes did
    const scan = before ? { ...scanned, detection: 'as recorded in batch.json when the batch started' } : scanned
    io.stderr.write(describeScan(scan))
    const isolation = await chooseIsolation(before?.isolation ?? options.isolation)
    io.stderr.write(`Isolation: ${isolation.mode} (${isolation.reason})\n`)
    return { scan, isolation }
  }
  const { scan, isolation } = prepared
  if (options.csvFormat && options.csvFormat !== scan.layout) io.stderr.write(`Warning: grades-${options.csvFormat}.csv will hold this ${scan.layout} layout's ids (${scan.layout === 'dirs' || scan.layout === 'archives' ? 'folder and file names' : `${scan.layout} ids`}), not ${options.csvFormat} ids: check them before importing\n`)
  const students = scan.students.filter((student) => !options.shard || inShard(student.id, options.shard))
  // On the host, programs that ignore the port they are given share the machine's ports: one at a time unless asked
  const jobs = options.jobs ?? (isolation.mode === 'host' ? 1 : defaultJobs())
  if (isolation.mode === 'host' && jobs > 1) io.stderr.write(`Warning: ${jobs} jobs on the host: a program that ignores the port it is given can collide with another student's (EADDRINUSE), and its verdict then depends on who ran at the same time; a sandbox has no such collisions\n`)
  const settings: BatchSettings = {
    version: 1,
    sockgradeVersion: sockgradeVersion(),
    assignment: assignment.id,
    rubricHash: rubricHash(checks),
    rubricSource: options.rubricPath || course ? rubric.source : 'bundled rubric.yaml',
    ...(options.courseDir ? { course: options.courseDir } : {}),
    seed: options.seed ?? before?.seed ?? Math.floor(Math.random() * 1_000_000),
    timeoutScale: options.timeoutScale,
    isolation: isolation.mode,
    layout: scan.layout,
    ...(options.shard ? { shard: options.shard } : {}),
    classSize: scan.students.length,
    classHash: classHash(scan.students.map((student) => student.id)),
    ...(scan.warnings.length ? { classWarnings: scan.warnings } : {}),
    students: students.map((student) => student.id),
  }
  const { entries: earlier, unreadableLines } = startOrResume(outDir, settings, before)
  // The last line cut short by a crash is expected; more means the file was damaged: either way those students go again
  if (unreadableLines) io.stderr.write(`${unreadableLines} line${unreadableLines === 1 ? '' : 's'} of results.jsonl could not be read (a crash in the middle of a write): ${unreadableLines === 1 ? 'that student is' : 'those students are'} graded again\n`)
  const gradedBefore = new Set(earlier.map((entry) => entry.student.id))
  const todo = students.filter((student) => !gradedBefore.has(student.id))
  const slice = options.shard ? `Shard ${options.shard.index}/${options.shard.count}: ${students.length} of the ${scan.students.length} students. ` : ''
  io.stderr.write(`${slice}${before ? `Resuming: ${earlier.length} graded before, ` : ''}${todo.length} to grade with ${jobs} job${jobs === 1 ? '' : 's'} (seed ${settings.seed})\n`)
  const progress: ProgressCounts = { total: students.length, resumed: earlier.length, done: 0, fullMarks: 0, partial: 0, zero: 0, notGradable: 0, graderErrors: 0, running: new Map(), startedAt: Date.now() }
  for (const entry of earlier) countReport(progress, entry.report)
  const pool = new GradingPool({ jobs, env: process.env })
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
    entries = [...earlier, ...(await gradeStudents(todo, { job, rubricPath: options.rubricPath, courseDir: options.courseDir, isolation: isolation.mode, jobs, env: process.env, log, progress }, pool))]
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
