import { existsSync, statSync } from 'node:fs'
import { basename, isAbsolute, relative, resolve } from 'node:path'
import { courseChoice } from '../course/open-course.js'
import { referenceAnswerOf } from '../assignments/assignment.js'
import { referenceDisagreement } from '../course/reference-twice.js'
import { courseLayout, gradeCourse, loadCourse, type CourseLayout, type ExampleVerdict } from '../course/validate-course.js'
import { UsageError } from '../errors.js'
import { defaultRubricPath } from '../paths.js'
import { loadRubricFile } from '../rubric/load.js'
import { maxScoreOf } from '../rubric/rubric.js'
import { colorFor, type CliIo } from './io.js'
import { numberOption, parseCommandArgs } from './options.js'
import { paint } from '../reporters/ansi.js'
import { scoreText } from '../report.js'
import type { Example } from '../examples.js'

export const VALIDATE_USAGE = `Usage: sockgrade validate [rubric.yaml]
       sockgrade validate <course-dir>       (or --course <dir>, or $SOCKGRADE_COURSE)
       sockgrade validate --assignment-dir <dir> --references <dir> [--rubric <file>]

Checks a rubric: its schema, then unknown assignments and probes, duplicate ids, requires that point
forward and each check's params. Every problem is printed as file:line:col: message. Without a file it
checks ./rubric.yaml, or the bundled rubric when there is none, and names the file it checked.

Given a course folder (assignments/<id>/assignment.yaml, reference/<id>/, and optionally its own
rubric.yaml), or one assignment folder and its references, it grades each reference solution (full marks
expected) and each broken variant in reference/<id>/broken/<defect>/ (it must lose exactly the checks its
expect.yaml lists), as npm run self-test does for the bundled assignments.

Options:
  --assignment-dir <dir>   one assignment folder, with its assignment.yaml
  --references <dir>       its reference solution, with broken/<defect>/ variants
  --rubric <file>          the rubric with that assignment's checks (default: the bundled rubric)
  --seed <n>               inputs for this seed (default 1)

Examples:
  sockgrade validate my-rubric.yaml
  sockgrade validate course/
  sockgrade validate --assignment-dir course/assignments/shout-udp --references course/reference/shout-udp --rubric course/rubric.yaml

Exit codes: 0 valid (and every example as expected), 1 an example not as its expect.yaml says,
2 a problem in a rubric, assignment or expect.yaml (or bad usage).
`

// `sockgrade validate`: a rubric file, or an instructor's assignments proven against their references
export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { 'assignment-dir': { type: 'string' }, references: { type: 'string' }, rubric: { type: 'string' }, seed: { type: 'string' }, course: { type: 'string' } })
  if (positionals.length > 1) throw new UsageError(`Expected at most one rubric file or course folder, got ${positionals.length}`)
  const cwd = io.cwd ?? process.cwd()
  const seed = numberOption('--seed', values.seed, { min: 0, max: 2 ** 31 - 1, integer: true }) ?? 1
  const label = (path: string) => labelOf(path, cwd)
  if (values.course !== undefined && positionals.length) throw new UsageError(`Give the course folder once: --course ${values.course} or "${positionals[0]}"`)
  // A course named by --course or SOCKGRADE_COURSE stands for the folder argument
  const named = positionals.length || values['assignment-dir'] || values.references ? undefined : courseChoice(values.course, io.env, cwd)
  const given = named ? relative(cwd, named.dir) || '.' : positionals[0]
  if (named && !isFolder(named.dir)) throw new UsageError(`The course folder "${given}" (from ${named.how}) does not exist`)
  if (values['assignment-dir'] || values.references) {
    if (!values['assignment-dir'] || !values.references) throw new UsageError('--assignment-dir and --references go together: the assignment folder and its reference solution')
    if (given) throw new UsageError(`Give either a rubric file or --assignment-dir, not both (got "${given}")`)
    const dir = resolve(cwd, values['assignment-dir'])
    const referenceDir = resolve(cwd, values.references)
    for (const [flag, path] of [['--assignment-dir', dir], ['--references', referenceDir]] as const) {
      if (!isFolder(path)) throw new UsageError(`${flag}: "${label(path)}" is not a folder`)
    }
    return validateCourse({ assignments: [{ dir, referenceDir }], rubricPath: values.rubric ? resolve(cwd, values.rubric) : undefined, labelRoot: cwd }, seed, io)
  }
  if (given && isFolder(resolve(cwd, given))) {
    const layout = courseLayout(resolve(cwd, given), cwd)
    return validateCourse(values.rubric ? { ...layout, rubricPath: resolve(cwd, values.rubric) } : layout, seed, io)
  }
  if (values.rubric) throw new UsageError('--rubric goes with a course folder or --assignment-dir; to check a rubric alone: sockgrade validate <rubric.yaml>')
  return validateRubricFile(given, cwd, io)
}

// The rubric given, else ./rubric.yaml, else the bundled rubric: always saying which file was checked
function validateRubricFile(given: string | undefined, cwd: string, io: CliIo): number {
  const local = resolve(cwd, 'rubric.yaml')
  const path = given ? resolve(cwd, given) : existsSync(local) ? local : defaultRubricPath
  const label = given ?? labelOf(path, cwd)
  if (!given && path === defaultRubricPath && path !== local) io.stderr.write(`No rubric.yaml in this folder: checking the bundled rubric, ${label}\n`)
  const rubric = loadRubricFile(path, label)
  const lines = [...rubric.assignments].map(([id, checks]) => `  ${id.padEnd(16)} ${String(checks.length).padStart(2)} checks, ${maxScoreOf(checks)} points`)
  io.stdout.write(`${rubric.source}: valid\n${lines.join('\n')}\n`)
  return 0
}

async function validateCourse(layout: CourseLayout, seed: number, io: CliIo): Promise<number> {
  const label = (path: string) => labelOf(path, layout.labelRoot)
  const course = loadCourse(layout, label)
  const color = colorFor(io.stdout, io.env)
  const ids = course.assignments.map((a) => a.id).join(', ')
  io.stdout.write(`${course.rubric.source}: valid\n`)
  io.stderr.write(`Grading ${course.examples.length} examples of ${ids} (seed ${seed})\n`)
  const width = Math.max(...course.examples.map((e) => e.label.length))
  const verdicts = await gradeCourse(course, { seed, onIsolation: (choice) => io.stderr.write(`Isolation: ${choice.mode} (${choice.reason})\n`) })
  // Scores with extra credit ("10/12 +2") are wider than the rest: one column for all
  const scoreWidth = Math.max(...verdicts.map(({ report }) => scoreText(report).length))
  const pinned = (example: Example) => (example.seed !== undefined && example.seed !== seed ? ` (at its own seed ${example.seed}, as its expect.yaml says)` : '')
  const row = ({ example, report, mismatch }: ExampleVerdict) =>
    `  ${mismatch ? paint(color, 'red', '✗') : paint(color, 'green', '✓')} ${example.label.padEnd(width)} ${scoreText(report).padStart(scoreWidth)}  ${mismatch || (example.kind === 'reference' ? 'full marks' : `loses ${example.loses.join(', ')}, as expected`)}${pinned(example)}\n`
  for (const verdict of verdicts) io.stdout.write(row(verdict))
  // Every reference oracle, asked the same sessions twice from a fresh start, must agree with itself
  const answeredByReference = course.assignments.filter((a) => referenceAnswerOf(a) !== undefined)
  const disagreements = (await Promise.all(answeredByReference.map((a) => referenceDisagreement(a, seed)))).filter((d) => d !== undefined)
  for (const disagreement of disagreements) io.stdout.write(`  ${paint(color, 'red', '✗')} ${disagreement}\n`)
  if (answeredByReference.length) io.stderr.write(`Asked ${answeredByReference.length === 1 ? 'the reference server' : `each of the ${answeredByReference.length} reference servers`} the same inputs twice: ${disagreements.length ? `${disagreements.length} answered differently` : 'the answers agree'}\n`)
  const mismatches = verdicts.filter((v) => v.mismatch).length
  io.stdout.write(`${verdicts.length} examples: ${verdicts.length - mismatches} as expected, ${mismatches} not\n`)
  return mismatches || disagreements.length ? 1 : 0
}

// A path as the user would type it from cwd; absolute when it is elsewhere
function labelOf(path: string, cwd: string): string {
  const rel = relative(cwd, path)
  return rel === '' ? basename(path) : rel.startsWith('..') || isAbsolute(rel) ? path : rel
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
