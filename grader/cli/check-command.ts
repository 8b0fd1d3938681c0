import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { findAssignment, knownAssignments } from '../assignments/load.js'
import { gradeForStudent, renderForStudent, type CheckSettings } from '../check/check-run.js'
import { courseOfSubmission, findAssignmentFor } from '../check/find-assignment.js'
import { COURSE_VARIABLE, courseChoice, openCourse } from '../course/open-course.js'
import { watchChecks } from '../check/watch-checks.js'
import { UsageError } from '../errors.js'
import { commitSeed } from '../integrations/github/commit-seed.js'
import { isFullMarks } from '../report.js'
import { loadRubricFile } from '../rubric/load.js'
import { colorFor, type CliIo } from './io.js'
import { choice, numberOption, parseCommandArgs } from './options.js'
import { printsToStdout, reporterHelp, reporterTargets } from './reporter-option.js'
import { writeReports } from './write-reports.js'

export const CHECK_USAGE = `Usage: sockgrade check [dir] [options]

Grade your own work as the course will. The assignment comes from "assignment: <id>" in the folder's
sockgrade.yaml, or is told from your programs; the report ends with the one thing to fix first.

Options:
  -a, --assignment <id>   the assignment, when your files do not tell (see: sockgrade list)
  --course <dir>          your course's folder of assignments (default: $SOCKGRADE_COURSE, or "course:" in
                          sockgrade.yaml, relative to that file)
  -w, --watch             grade again each time you save a file, and say what changed; Ctrl-C stops
  --after-due-date        also show the checks kept hidden until the due date
  --due <time>            the due date as an ISO time (2026-03-01T23:59:00Z): once passed, as --after-due-date
  --seed <n>              inputs for this seed (the report names the seed it used; without it, a random one, or
                          under GitHub Actions the commit's own: one verdict per commit)
  --timeout-scale <x>     stretch every deadline, for slow machines (default 1)
  --isolation <mode>      auto (default), sandbox or host (see: sockgrade grade --help)
  --rubric <file>         the course's rubric instead of the bundled one (still the student view)
${reporterHelp(26)}
  -h, --help              show this help

Examples:
  sockgrade check
  sockgrade check . --watch
  sockgrade check my-work --assignment uppercase-udp --seed 2026
  sockgrade check --reporter github --reporter junit=results/junit.xml

Exit codes: 0 full marks, 1 points lost or not gradable, 2 bad usage, grader error or an unwritable --reporter file
(--watch runs until Ctrl-C, and then exits 130).
`

// `sockgrade check [dir]`: the student-facing report on stdout, what it inferred on stderr; returns the exit code
export async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
      assignment: { type: 'string', short: 'a' },
      course: { type: 'string' },
      watch: { type: 'boolean', short: 'w' },
      'after-due-date': { type: 'boolean' },
      due: { type: 'string' },
      seed: { type: 'string' },
      'timeout-scale': { type: 'string' },
      isolation: { type: 'string' },
      rubric: { type: 'string' },
      reporter: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    })
  if (values.help) {
    io.stdout.write(CHECK_USAGE)
    return 0
  }
  if (positionals.length > 1) throw new UsageError(`Expected at most one folder, got ${positionals.length}`)
  const label = positionals[0] ?? '.'
  const dir = resolve(io.cwd ?? process.cwd(), label)
  if (!isFolder(dir)) throw new UsageError(`Cannot find the folder "${label}"`)
  const due = dueTime(values.due)
  const targets = reporterTargets(values.reporter, io.cwd ?? process.cwd())
  if (values.watch && printsToStdout(targets)) throw new UsageError('--watch redraws the terminal report: give each --reporter a file (--reporter junit=results.xml)')
  // The course: --course, SOCKGRADE_COURSE, else the one the submission's sockgrade.yaml names
  const asked = courseChoice(values.course, io.env, io.cwd ?? process.cwd())
  // A course the submission names serves the student at their desk; in CI, where the run may be the grade, it
  // could bring its own answers, so it is left out. Either way it only adds assignments, never replaces one
  const declared = asked ? undefined : courseOfSubmission(dir, label)
  if (declared && runsInCi(io.env)) io.stderr.write(`Ignoring ${declared.how} in CI: a course for CI is given with --course or ${COURSE_VARIABLE}\n`)
  const chosen = asked ?? (declared && !runsInCi(io.env) ? declared : undefined)
  const course = chosen ? openCourse(chosen, io.cwd ?? process.cwd(), { keepBundled: chosen === declared }) : undefined
  const found = values.assignment ? { id: values.assignment, how: 'as asked' } : findAssignmentFor(dir, label)
  if (!findAssignment(found.id)) throw new UsageError(`Unknown assignment "${found.id}" (known: ${[...knownAssignments().keys()].join(', ')})`)
  // No --seed under GitHub Actions: the commit's own seed, so that every run of one commit gives one verdict
  const fromCommit = values.seed === undefined ? commitSeed(io.env) : undefined
  const settings: CheckSettings = {
    dir,
    label,
    assignment: found.id,
    seed: numberOption('--seed', values.seed, { min: 0, max: 2 ** 31 - 1, integer: true }) ?? fromCommit?.seed ?? Math.floor(Math.random() * 1_000_000),
    timeoutScale: numberOption('--timeout-scale', values['timeout-scale'], { min: 0, exclusiveMin: true, max: 100 }) ?? 1,
    isolation: choice('--isolation', values.isolation, ['auto', 'sandbox', 'host'] as const) ?? 'auto',
    rubric: values.rubric === undefined ? course?.rubric : loadRubricFile(resolve(io.cwd ?? process.cwd(), values.rubric), values.rubric, knownAssignments()),
    afterDueDate: () => values['after-due-date'] === true || (due !== undefined && Date.now() >= due),
    onIsolation: (chosen) => io.stderr.write(`Isolation: ${chosen.mode} (${chosen.reason})\n`),
  }
  const replay = fromCommit ? ` of ${fromCommit.commit}: "sockgrade check --seed ${settings.seed}" draws the same inputs` : ''
  io.stderr.write(`Checking ${label} as ${found.id} (${found.how}; seed ${settings.seed}${replay})${chosen ? `; course ${chosen.dir}, from ${chosen.how}` : ''}\n`)
  const color = colorFor(io.stdout, io.env)
  if (values.watch) {
    let told = false
    const onIsolation = settings.onIsolation
    // Which isolation was chosen is said once, not at every save
    const quiet: CheckSettings = { ...settings, onIsolation: (c) => (told ? undefined : ((told = true), onIsolation?.(c))) }
    // Each grading rewrites the --reporter files; the terminal shows the report and what changed
    const grade = async () => {
      const report = await gradeForStudent(quiet)
      for (const problem of writeReports(report, targets, { ...io, stdout: { write: () => true } }, { color: false })) io.stderr.write(`${problem}\n`)
      return report
    }
    await watchChecks({ dir, grade, render: (r, changes) => renderForStudent(r, color, changes), stdout: io.stdout, stderr: io.stderr, clear: io.stdout.isTTY === true })
    return 0
  }
  const report = await gradeForStudent(settings)
  const unwritten = writeReports(report, targets, io, { color, terminal: (r, c) => renderForStudent(r, c) })
  for (const problem of unwritten) io.stderr.write(`${problem}\n`)
  if (report.harnessError || unwritten.length) return 2
  return isFullMarks(report) ? 0 : 1
}

// The --due time in milliseconds since the epoch
function dueTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const time = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(time)) throw new UsageError(`Invalid value for --due: expected an ISO time like 2026-03-01T23:59:00Z, got "${value}"`)
  return time
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

// True under a CI service (GitHub Actions, GitLab, Gradescope-like runners set CI too)
function runsInCi(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.CI || env.GITHUB_ACTIONS)
}
