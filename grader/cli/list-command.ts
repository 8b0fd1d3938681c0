import { programFiles, type Assignment } from '../assignments/assignment.js'
import { knownAssignments } from '../assignments/load.js'
import { courseChoice, openCourse } from '../course/open-course.js'
import { bundledRubric } from '../grade-submission.js'
import { probes } from '../probes/index.js'
import type { Probe } from '../probes/probe.js'
import { formatProbe } from './probe-table.js'
import { maxScoreOf } from '../rubric/rubric.js'
import { UsageError } from '../errors.js'
import type { CliIo } from './io.js'
import { parseCommandArgs } from './options.js'

export const LIST_USAGE = `Usage: sockgrade list [--probes] [--course <dir>]

Lists the assignments (id, transport, files, points, what answers them, title), or with --probes the probes a
rubric can use: for each, what it does, its params (type, range, default or required) and the assignments it fits.

Options:
  --probes          list the probes instead of the assignments
  --course <dir>    a course folder's assignments too (default: $SOCKGRADE_COURSE)

Examples:
  sockgrade list
  sockgrade list --probes --course ~/networks-course

Exit codes: 0, or 2 on bad usage.
`

// `sockgrade list`: the assignments (or, with --probes, the probes a rubric can use)
export async function listCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { probes: { type: 'boolean' }, course: { type: 'string' } })
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}"`)
  const cwd = io.cwd ?? process.cwd()
  const choice = courseChoice(values.course, io.env, cwd)
  const rubric = choice ? openCourse(choice, cwd).rubric : bundledRubric()
  const assignments = [...knownAssignments().values()]
  if (values.probes) {
    io.stdout.write(`${Object.values(probes).map((probe: Probe) => formatProbe(probe, assignments)).join('\n\n')}\n`)
    return 0
  }
  const width = Math.max(...assignments.map((a) => a.id.length)) + 1
  const files = (a: Assignment) => programFiles(a).join(' + ')
  const filesWidth = Math.max(...assignments.map((a) => files(a).length))
  const answerWidth = Math.max(...assignments.map((a) => answeredBy(a).length))
  for (const a of assignments) {
    const points = maxScoreOf(rubric.assignments.get(a.id) ?? [])
    io.stdout.write(`${a.id.padEnd(width)} ${a.transport.toUpperCase()}  ${files(a).padEnd(filesWidth)}  ${String(points).padStart(2)} points  ${answeredBy(a).padEnd(answerWidth)}  ${a.title}\n`)
  }
  return 0
}

// What answers an assignment's inputs, in a few words
function answeredBy(assignment: Assignment): string {
  const { answer } = assignment
  if (answer === undefined) return assignment.origin ? 'an origin behind it' : assignment.files ? `serves ${assignment.files.length} files` : 'a dialogue, no answer'
  if (typeof answer === 'string') return `answer: ${answer}`
  return 'table' in answer ? `answer: a table of ${Object.keys(answer.table).length}` : `answer: reference ${answer.reference}`
}
