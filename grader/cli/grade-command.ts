import { resolve } from 'node:path'
import { UsageError } from '../errors.js'
import { findAssignment, knownAssignments } from '../assignments/load.js'
import { courseChoice, openCourse } from '../course/open-course.js'
import { gradeSubmission } from '../grade-submission.js'
import { basePercent, isFullMarks } from '../report.js'
import { loadRubricFile } from '../rubric/load.js'
import { colorFor, type CliIo } from './io.js'
import { choice, numberOption, parseCommandArgs } from './options.js'
import { reporterHelp, reporterTargets } from './reporter-option.js'
import { existingSubmission } from './submission-arg.js'
import { writeReports } from './write-reports.js'

export const GRADE_USAGE = `Usage: sockgrade grade <submission-dir> --assignment <id> [options]

Grades one submission folder: the report on stdout, progress on stderr.

Options:
  -a, --assignment <id>     the assignment to grade against (see: sockgrade list)
  --course <dir>            a course folder (assignments/, reference/, rubric.yaml) beside the bundled
                            assignments; default: $SOCKGRADE_COURSE
  --rubric <file>           a rubric of your own instead of the bundled rubric.yaml (or the course's)
  --json                    print the report as JSON on stdout (as --reporter json)
${reporterHelp(28)}
  --seed <n>                inputs for this seed, 0 to 2147483647 (the report names the seed it used)
  --timeout-scale <x>       stretch every deadline, for slow machines (default 1, at most 100)
  --fail-under <percent>    exit 0 when the score reaches this percentage
  --isolation <mode>        auto (default): a sandbox where bubblewrap (or util-linux unshare) works, else host;
                            sandbox: fail when it cannot be had; host: free ports on this machine
  --only <side>             grade only the server or only the client
  -h, --help                show this help

Examples:
  sockgrade grade . --assignment uppercase-udp
  sockgrade grade submissions/alice -a multiline-tcp --json --seed 2026 > alice.json
  sockgrade grade s1 -a uppercase-udp --rubric my-rubric.yaml --fail-under 80
  sockgrade grade s1 -a uppercase-tcp --reporter junit=out/junit.xml --reporter html=out/report.html
  sockgrade grade s1 -a reverse-udp --course ~/networks-course

Exit codes: 0 full marks (or --fail-under reached), 1 points lost or not gradable,
2 bad usage (a submission path that does not exist, too), invalid rubric, grader error, or a --reporter
file that could not be written.
`

// `sockgrade grade <dir> --assignment <id>`: the report on stdout, progress on stderr; returns the exit code
export async function gradeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    assignment: { type: 'string', short: 'a' },
    course: { type: 'string' },
    rubric: { type: 'string' },
    json: { type: 'boolean' },
    seed: { type: 'string' },
    'timeout-scale': { type: 'string' },
    'fail-under': { type: 'string' },
    isolation: { type: 'string' },
    only: { type: 'string' },
    reporter: { type: 'string', multiple: true },
  })
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `Expected one submission folder, got ${positionals.length}` : 'Missing the submission folder: sockgrade grade <submission-dir> --assignment <id>')
  if (!values.assignment) throw new UsageError('Missing --assignment <id> (see: sockgrade list)')
  const cwd = io.cwd ?? process.cwd()
  const seed = numberOption('--seed', values.seed, { min: 0, max: 2 ** 31 - 1, integer: true }) ?? Math.floor(Math.random() * 1_000_000)
  const timeoutScale = numberOption('--timeout-scale', values['timeout-scale'], { min: 0, exclusiveMin: true, max: 100 }) ?? 1
  const failUnder = numberOption('--fail-under', values['fail-under'], { min: 0, max: 100 })
  const isolation = choice('--isolation', values.isolation, ['auto', 'sandbox', 'host'] as const) ?? 'auto'
  const only = choice('--only', values.only, ['server', 'client'] as const)
  const chosen = courseChoice(values.course, io.env, cwd)
  const course = chosen ? openCourse(chosen, cwd) : undefined
  const rubric = values.rubric ? loadRubricFile(resolve(cwd, values.rubric), values.rubric, knownAssignments()) : course?.rubric
  const targets = reporterTargets(values.reporter, cwd, values.json)
  const submission = positionals[0] as string
  if (!findAssignment(values.assignment)) throw new UsageError(`Unknown assignment "${values.assignment}" (known: ${[...knownAssignments().keys()].join(', ')})`)
  const submissionPath = existingSubmission(submission, cwd)
  io.stderr.write(`Grading ${submission} as ${values.assignment} (seed ${seed}${chosen ? `; course ${chosen.dir}, from ${chosen.how}` : ''})\n`)
  const report = await gradeSubmission({
    submission: submissionPath,
    label: submission,
    assignment: values.assignment,
    rubric,
    seed,
    timeoutScale,
    isolation,
    only,
    onIsolation: (chosen) => io.stderr.write(`Isolation: ${chosen.mode} (${chosen.reason})\n`),
  })
  const unwritten = writeReports(report, targets, io, { color: colorFor(io.stdout, io.env) })
  for (const problem of unwritten) io.stderr.write(`${problem}\n`)
  if (report.harnessError || unwritten.length) return 2
  if (isFullMarks(report)) return 0
  return report.gradable && failUnder !== undefined && basePercent(report) >= failUnder ? 0 : 1
}
