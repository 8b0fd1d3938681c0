import { statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { findAssignment, knownAssignments } from '../assignments/load.js'
import { COURSE_VARIABLE, courseChoice, openCourse } from '../course/open-course.js'
import { hideFromOthers } from '../course/hide-from-others.js'
import { referenceAnswerOf } from '../assignments/assignment.js'
import { writeFileAtomic } from '../batch/atomic-write.js'
import { RubricError, UsageError } from '../errors.js'
import { gradeSubmission } from '../grade-submission.js'
import { DEFAULT_GRADE_ROOT, failureResults, GRADE_ROOT_VARIABLE, gradeJobPaths, readJobData, ASSIGNMENT_PARAM } from '../integrations/prairielearn/job.js'
import { prairielearn } from '../reporters/prairielearn.js'
import { studentView } from '../reporters/student-view.js'
import { reporters } from '../reporters/index.js'
import { loadRubricFile } from '../rubric/load.js'
import type { CliIo } from './io.js'
import { choice, numberOption, parseCommandArgs } from './options.js'
import { makeFolders } from '../batch/output-file.js'

export const PRAIRIELEARN_USAGE = `Usage: sockgrade prairielearn [options]

PrairieLearn's external grader entry: grades the files in /grade/student, and writes /grade/results/results.json
as a student may see it (hidden and after-due-date checks keep their names and points, not their details). It
always writes results.json: when sockgrade cannot grade, the submission is marked not gradable (no points taken,
the attempt not counted) with the reason. The same report goes to stdout, the job's log.

The assignment is --assignment, else params.${ASSIGNMENT_PARAM} in /grade/data/data.json (for a question whose
server.py chooses it). The inputs come from the variant's seed (variant_seed), so a variant is graded the same
way every time.

Options:
  -a, --assignment <id>     the assignment to grade (see: sockgrade list)
  --course <dir>            a course folder (assignments/, rubric.yaml) beside the bundled assignments, kept where
                            students cannot read it (for example /grade/serverFilesCourse/sockgrade); default:
                            $${COURSE_VARIABLE}. A reference server's folder is made root's only
  --rubric <file>           a rubric of your own (for example /grade/serverFilesCourse/sockgrade/rubric.yaml),
                            instead of the bundled one or the course's
  --grade-root <dir>        the grading job's folder (default: $${GRADE_ROOT_VARIABLE}, else ${DEFAULT_GRADE_ROOT})
  --seed <n>                inputs for this seed instead of the variant's
  --timeout-scale <x>       stretch every deadline (default 1)
  --isolation <mode>        auto (default), sandbox or host (see: sockgrade grade --help)
  -h, --help                show this help

Examples:
  sockgrade prairielearn --assignment uppercase-udp
  sockgrade prairielearn -a multiline-tcp --rubric /grade/serverFilesCourse/sockgrade/rubric.yaml
  sockgrade prairielearn -a status-udp --course /grade/serverFilesCourse/sockgrade

Exit codes: 0 results.json written, whatever it says (graded, or not gradable with the reason: PrairieLearn reads
results.json only after an exit 0), 2 results.json could not be written.
`

// `sockgrade prairielearn`: grade a PrairieLearn external grading job; results.json is written whatever happens
export async function prairielearnCommand(args: string[], io: CliIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd()
  // Found before the strict parse, so that even a mistyped option in info.json's entrypoint gets a results.json
  const root = resolve(cwd, optionValue(args, '--grade-root') ?? io.env[GRADE_ROOT_VARIABLE] ?? DEFAULT_GRADE_ROOT)
  const paths = gradeJobPaths(root)
  let graded = false
  try {
    const { values, positionals } = parseCommandArgs(args, {
      assignment: { type: 'string', short: 'a' },
      rubric: { type: 'string' },
      course: { type: 'string' },
      'grade-root': { type: 'string' },
      seed: { type: 'string' },
      'timeout-scale': { type: 'string' },
      isolation: { type: 'string' },
    })
    if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}": sockgrade prairielearn takes options only`)
    const data = readJobData(paths.data)
    const assignment = values.assignment ?? data.assignment
    if (!assignment) throw new UsageError(`No assignment: add --assignment <id> to the entrypoint in the question's info.json, or set params.${ASSIGNMENT_PARAM} in its server.py`)
    const chosen = courseChoice(values.course, io.env, cwd)
    const course = chosen ? openCourse(chosen, cwd) : undefined
    const found = findAssignment(assignment)
    if (!found) throw new UsageError(`Unknown assignment "${assignment}" (known: ${[...knownAssignments().keys()].join(', ')})`)
    // A reference server's folder, in this job's copy of the course: root's only, so that in host mode (programs under
    // a uid of their own) no student program reads it; a sandbox never shows it
    const reference = referenceAnswerOf(found)
    if (reference && process.getuid?.() === 0) hideFromOthers(reference.dir)
    if (!isFolder(paths.student)) throw new UsageError(`Cannot find the student's files: ${paths.student} is not a folder`)
    const seed = numberOption('--seed', values.seed, { min: 0, max: 2 ** 31 - 1, integer: true }) ?? data.seed ?? Math.floor(Math.random() * 1_000_000)
    io.stderr.write(`Grading ${paths.student} as ${assignment} (seed ${seed}${chosen ? `; course ${chosen.dir}, from ${chosen.how}` : ''})\n`)
    const report = await gradeSubmission({
      submission: paths.student,
      label: 'student',
      assignment,
      rubric: values.rubric === undefined ? course?.rubric : loadRubricFile(resolve(cwd, values.rubric), values.rubric, knownAssignments()),
      seed,
      timeoutScale: numberOption('--timeout-scale', values['timeout-scale'], { min: 0, exclusiveMin: true, max: 100 }) ?? 1,
      isolation: choice('--isolation', values.isolation, ['auto', 'sandbox', 'host'] as const) ?? 'auto',
      onIsolation: (chosen) => io.stderr.write(`Isolation: ${chosen.mode} (${chosen.reason})\n`),
    })
    write(paths.results, prairielearn.render(report, { color: false }))
    graded = true
    // The job's log may be shown to the student: the student view there too; the grader's own stack for staff
    io.stdout.write(reporters.terminal.render(studentView(report, { afterDueDate: false }), { color: false }))
    if (report.harnessError?.stack) io.stderr.write(`${report.harnessError.stack}\n`)
    io.stderr.write(`Wrote ${paths.results}\n`)
    return 0
  } catch (error) {
    const detail = error instanceof RubricError ? error.problems.join('\n') : error instanceof Error ? error.message : String(error)
    io.stderr.write(`sockgrade prairielearn: ${detail}\n`)
    if (!(error instanceof UsageError || error instanceof RubricError) && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`)
    // The grade is written: a failure of the log after it must not replace it
    return graded ? 0 : writeFailure(paths.results, detail, io)
  }
}

// PrairieLearn reads results.json only when the entrypoint exits 0 (apps/grader-host/src/index.ts): exit 0 once the
// failure is written, so the student sees the reason; nonzero when it cannot be, so PrairieLearn reports a failure
function writeFailure(path: string, detail: string, io: CliIo): number {
  try {
    write(path, failureResults(detail))
  } catch (error) {
    io.stderr.write(`sockgrade prairielearn: Cannot write ${path}: ${error instanceof Error ? error.message : String(error)}\n`)
    return 2
  }
  io.stderr.write(`Wrote ${path} (not gradable: the autograder failed)\n`)
  return 0
}

// The value of an option given as "--name value" or "--name=value", before any strict parse
function optionValue(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === name) return args[i + 1]
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1)
  }
  return undefined
}

// results.json, its folder made first (PrairieLearn does not make /grade/results)
function write(path: string, text: string): void {
  makeFolders(dirname(path))
  writeFileAtomic(path, text)
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
