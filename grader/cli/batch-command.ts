import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { findAssignment, knownAssignments } from '../assignments/load.js'
import { courseChoice, openCourse, type CourseChoice } from '../course/open-course.js'
import { UsageError } from '../errors.js'
import { defaultJobs } from '../batch/default-jobs.js'
import { CSV_FORMATS } from '../batch/grades-csv.js'
import { runBatch, type BatchControl } from '../batch/run-batch.js'
import { readSettings, RESULTS_LOG_FILE, SETTINGS_FILE } from '../batch/results-log.js'
import { parseShard } from '../batch/shard.js'
import { renderClassSummary } from '../batch/summary-text.js'
import { LAYOUT_NAMES } from '../batch/types.js'
import { colorFor, type CliIo } from './io.js'
import { choice, numberOption, parseCommandArgs } from './options.js'
import { reporterHelp, reporterTargets } from './reporter-option.js'
import { reservedTarget, writeReporterOutputs } from '../batch/reporter-outputs.js'

export const BATCH_USAGE = `Usage: sockgrade batch <class-dir> --assignment <id> --out <dir> [options]

Grades a whole class: finds each student's work in the folder the course's system exported, grades every student in a
pool of workers, and writes results.jsonl (as each student finishes), results.json, grades.csv and report.html.

Options:
  -a, --assignment <id>     the assignment to grade against (see: sockgrade list)
  -o, --out <dir>           a new or empty folder for the results (with --resume: the folder of the batch to finish)
  --layout <name>           auto (default), dirs, archives, canvas, moodle, gradescope or classroom
  -j, --jobs <n>            gradings at once (default ${defaultJobs()} here: three per core, as a hung program holds a slot
                            but no CPU; 1 with --isolation host, where programs share the machine's ports)
  --resume                  grade only the students the batch in --out has no result for, then write the outputs
  --shard <k/n>             grade slice k of n (the same slice on every machine); combine with: sockgrade merge
  --seed <n>                inputs for this seed, the same for every student (default: drawn once and recorded)
  --course <dir>            a course folder (assignments/, reference/, rubric.yaml) beside the bundled
                            assignments; default: $SOCKGRADE_COURSE
  --rubric <file>           a rubric of your own instead of the bundled rubric.yaml (or the course's)
  --csv-format <system>     also write grades-<system>.csv for canvas, moodle or gradescope's grade import
  --timeout-scale <x>       stretch every deadline, for slow machines (default 1, at most 100)
  --isolation <mode>        auto (default), sandbox or host, as for sockgrade grade
${reporterHelp(28, 'to <file>, or into --out without one', ['(the class in one document where the format has one, as junit.xml; else a file per student)'])}
  -h, --help                show this help

Examples:
  sockgrade batch submissions/ -a uppercase-udp --out results/ --seed 2026
  sockgrade batch canvas-export/ -a multiline-tcp --out results/ --csv-format canvas
  sockgrade batch submissions/ -a uppercase-udp --out results/ --resume
  sockgrade batch submissions/ -a uppercase-udp --out results/ --reporter junit --reporter gradescope=results/gs
  sockgrade batch submissions/ -a uppercase-udp --out shard-2/ --shard 2/4 --seed 2026 --isolation sandbox

Exit codes: 0 every student graded (whatever their scores), 1 the grader failed on some students (see their
reports), 2 bad usage, invalid rubric or a --reporter output that could not be written, 130 stopped by Ctrl-C (what was graded is kept: add --resume to go on).
`

// Where the outputs are, the page a TA opens first
export function outputsText(files: readonly string[]): string {
  const page = files.find((file) => file.endsWith('.html'))
  const others = files.filter((file) => file !== page)
  return `\n${page ? `Open ${page} in a browser: the class, each check's pass rate, every student's transcripts\n` : ''}${others.map((file) => `Wrote ${file}\n`).join('')}`
}

// `sockgrade batch <class-dir> -a <id> --out <dir>`: the class summary on stdout, progress on stderr
export async function batchCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    assignment: { type: 'string', short: 'a' },
    course: { type: 'string' },
    out: { type: 'string', short: 'o' },
    layout: { type: 'string' },
    jobs: { type: 'string', short: 'j' },
    resume: { type: 'boolean' },
    shard: { type: 'string' },
    seed: { type: 'string' },
    rubric: { type: 'string' },
    'csv-format': { type: 'string' },
    'timeout-scale': { type: 'string' },
    isolation: { type: 'string' },
    reporter: { type: 'string', multiple: true },
  })
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `Expected one class folder, got ${positionals.length}` : 'Missing the class folder: sockgrade batch <class-dir> --assignment <id> --out <dir>')
  if (!values.assignment) throw new UsageError('Missing --assignment <id> (see: sockgrade list)')
  const cwd = io.cwd ?? process.cwd()
  const course = courseChoice(values.course, io.env, cwd) ?? (values.resume ? recordedCourse(values.out, cwd) : undefined)
  if (course) openCourse(course, cwd)
  if (!findAssignment(values.assignment)) throw new UsageError(`Unknown assignment "${values.assignment}" (known: ${[...knownAssignments().keys()].join(', ')})`)
  if (!values.out) throw new UsageError('Missing --out <dir>: the folder the results go to')
  const targets = reporterTargets(values.reporter, cwd)
  const csvFormat = choice('--csv-format', values['csv-format'], CSV_FORMATS.filter((f) => f !== 'default'))
  let control: BatchControl | undefined
  // Ctrl-C ends the process (bin.ts): the workers are stopped first, and the TA is told how to go on
  const outDir = resolve(cwd, values.out)
  for (const target of targets) {
    const reserved = reservedTarget(outDir, target)
    if (reserved) throw new UsageError(reserved)
  }
  const onExit = () => {
    control?.stop()
    const recorded = existsSync(join(outDir, SETTINGS_FILE))
    io.stderr.write(recorded ? `\nStopped. What was graded is in ${join(outDir, RESULTS_LOG_FILE)}: run the same command with --resume to grade the rest\n` : '\nStopped before any student was graded: run the same command again\n')
  }
  process.once('exit', onExit)
  try {
    const run = await runBatch(
      {
        root: resolve(cwd, positionals[0] as string),
        assignment: values.assignment,
        out: outDir,
        jobs: numberOption('--jobs', values.jobs, { min: 1, max: 256, integer: true }),
        layout: choice('--layout', values.layout, ['auto', ...LAYOUT_NAMES] as const) ?? 'auto',
        resume: values.resume === true,
        shard: values.shard === undefined ? undefined : parseShard(values.shard),
        seed: numberOption('--seed', values.seed, { min: 0, max: 2 ** 31 - 1, integer: true }),
        timeoutScale: numberOption('--timeout-scale', values['timeout-scale'], { min: 0, exclusiveMin: true, max: 100 }) ?? 1,
        isolation: choice('--isolation', values.isolation, ['auto', 'sandbox', 'host'] as const) ?? 'auto',
        rubricPath: values.rubric ? resolve(cwd, values.rubric) : undefined,
        ...(course ? { courseDir: course.dir } : {}),
        csvFormat,
      },
      io,
      (c) => (control = c),
    )
    if (!run.results) return 130
    const reported = writeReporterOutputs(outDir, run.results, targets)
    io.stdout.write(renderClassSummary(run.results, { color: colorFor(io.stdout, io.env) }))
    io.stdout.write(outputsText([...run.files, ...reported.written]))
    for (const problem of reported.failures) io.stderr.write(`${problem}\n`)
    if (reported.failures.length) return 2
    return run.results.summary.graderErrors > 0 ? 1 : 0
  } finally {
    process.off('exit', onExit)
  }
}

// The course a batch being resumed was started with, so --resume alone finishes it; a damaged batch.json is left to
// the resume itself to report
function recordedCourse(out: string | undefined, cwd: string): CourseChoice | undefined {
  if (!out) return undefined
  try {
    const dir = readSettings(resolve(cwd, out))?.course
    return dir ? { dir, how: 'batch.json' } : undefined
  } catch {
    return undefined
  }
}
