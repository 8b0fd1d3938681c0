import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Assignment } from '../assignments/assignment.js'
import { findAssignment } from '../assignments/load.js'
import { buildClass } from '../batch/class-fixture.js'
import { DEMO_CLASS, DEMO_CLASS_ASSIGNMENT } from '../batch/demo-class.js'
import { runBatch } from '../batch/run-batch.js'
import { renderClassSummary } from '../batch/summary-text.js'
import { outputsText } from './batch-command.js'
import { bundledExamples, expectationOf, losesPoints, meetsExpectation, type Example } from '../examples.js'
import { bundledRubric, gradeSubmission } from '../grade-submission.js'
import { referenceDir } from '../paths.js'
import type { IsolationChoice, IsolationRequest } from '../sandbox/detect.js'
import { lostCheckIds, scoreText, type GradeReport } from '../report.js'
import { reporters } from '../reporters/index.js'
import { paint } from '../reporters/ansi.js'
import { colorFor, type CliIo } from './io.js'
import { choice, parseCommandArgs } from './options.js'

export const DEMO_USAGE = `Usage: sockgrade demo [--verbose] [--isolation <mode>]

Grades every bundled reference solution and two broken variants of each client/server exercise (mostly a
client fault and a server fault), one of each Chapter 2 lab. One line per example: ✓ when it was graded as its expect.yaml says, its score, what
expect.yaml wants, and what the example is. Then one full report, as a student sees it.

Options:
  --verbose             print every example's report, not only one
  --isolation <mode>    auto (default), sandbox or host, as for sockgrade grade
  -h, --help            show this help

Examples:
  sockgrade demo
  sockgrade demo --verbose --isolation host

Runs from a clone of the sockgrade repository: the npm package carries no reference solutions.

Exit codes: 0 every example graded as expected, 1 otherwise, 2 bad usage or no reference solutions here.
`

// What the installed package says: it leaves the reference solutions and broken variants out, so students who
// install it do not get the answers
export const NEEDS_CLONE = `sockgrade demo needs a clone of the sockgrade repository: this installed package carries no
reference solutions or broken variants to grade (students install it, and they would be the answers).
In a clone: npm ci && npm run demo
Your own work is graded with: sockgrade check
`

// Gradings that run at once: the machine this runs on may have only 2 cores
const CONCURRENCY = 2

// `sockgrade demo`: grade the references and two broken variants of each assignment, one line each as they
// finish; exit 0 only when each was judged as its expect.yaml says
export async function demoCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, { verbose: { type: 'boolean' }, isolation: { type: 'string' } })
  const isolation = choice('--isolation', values.isolation, ['auto', 'sandbox', 'host'] as const) ?? 'auto'
  if (!existsSync(referenceDir)) {
    io.stderr.write(NEEDS_CLONE)
    return 2
  }
  const chosen = demoExamples(bundledExamples())
  const color = colorFor(io.stdout, io.env)
  const startedAt = Date.now()
  io.stderr.write(`Grading ${chosen.length} bundled examples, ${CONCURRENCY} at a time\n`)
  let used: IsolationChoice | undefined
  const onIsolation = (choice: IsolationChoice) => {
    if (used) return
    used = choice
    io.stdout.write(`Isolation: ${choice.mode} (${choice.reason})\n`)
  }
  const width = Math.max(...chosen.map((e) => nameOf(e).length))
  const reports = await mapInOrder(
    chosen,
    CONCURRENCY,
    (e) => gradeSubmission({ submission: e.dir, label: e.label, assignment: e.assignment, seed: 1, isolation, onIsolation }),
    (e, report) => {
      if (values.verbose) io.stdout.write(`\n${reporters.terminal.render(report, { color })}`)
      io.stdout.write(`${exampleLine(e, report, width, color)}\n`)
    },
  )
  const passed = chosen.filter((e, i) => meetsExpectation(e, reports[i] as GradeReport)).length
  if (!values.verbose && chosen.some((e) => e.kind === 'broken')) {
    // The textbook's first exercise, with a mistake: the first broken variant of uppercase-udp
    const first = chosen.findIndex((e) => e.kind === 'broken' && e.assignment === 'uppercase-udp')
    const shown = first === -1 ? chosen.findIndex((e) => e.kind === 'broken') : first
    const example = chosen[shown] as Example
    io.stdout.write(`\nWhat a student sees, for ${nameOf(example)} (--verbose shows every report):\n\n${reporters.terminal.render(reports[shown] as GradeReport, { color })}`)
  }
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1)
  const verdict = passed === chosen.length ? paint(color, 'green', `${passed} of ${chosen.length} examples graded as their expect.yaml says`) : paint(color, 'red', `${chosen.length - passed} of ${chosen.length} examples not graded as their expect.yaml says`)
  io.stdout.write(`\n${verdict} (${used ? `isolation: ${used.mode}; ` : ''}${seconds} s)\n`)
  const classGraded = await gradeDemoClass(io, isolation, color)
  return passed === chosen.length && classGraded ? 0 : 1
}

// A TA's first minute: a small class exported from Canvas, graded with `sockgrade batch`, ending with where the
// page and the spreadsheet are. True when every student got a report from the grader
async function gradeDemoClass(io: CliIo, isolation: IsolationRequest, color: boolean): Promise<boolean> {
  const base = mkdtempSync(join(tmpdir(), 'sockgrade-demo-'))
  const root = join(base, 'canvas-export')
  const out = join(base, 'results')
  buildClass('canvas', findAssignment(DEMO_CLASS_ASSIGNMENT) as Assignment, DEMO_CLASS, root)
  io.stdout.write(`\nA class of ${DEMO_CLASS.length} as Canvas exports it (one hangs, two handed in archives), graded as a TA would:\n  sockgrade batch ${root} -a ${DEMO_CLASS_ASSIGNMENT} --out ${out}\n\n`)
  const run = await runBatch({ root, assignment: DEMO_CLASS_ASSIGNMENT, out, layout: 'auto', resume: false, seed: 1, timeoutScale: 1, isolation }, io)
  if (!run.results) return false
  io.stdout.write(renderClassSummary(run.results, { color }))
  io.stdout.write(outputsText(run.files))
  return run.results.summary.graderErrors === 0
}

// Every reference, and the first and last broken variant of each client/server pair (by name: mostly a client and a
// server fault); of a lab with one program to write (or no answer to compute), the first that loses points (one that
// skips only the extra credit shows less)
export function demoExamples(all: readonly Example[]): Example[] {
  const brokenOf = (assignment: string) => all.filter((b) => b.kind === 'broken' && b.assignment === assignment)
  const pair = (id: string) => {
    const assignment = findAssignment(id)
    return Boolean(assignment?.server && assignment.client && assignment.answer !== undefined)
  }
  const counts = (example: Example) => losesPoints(example, bundledRubric().assignments.get(example.assignment) ?? [])
  const labPick = (assignment: string) => brokenOf(assignment).find(counts) ?? brokenOf(assignment).at(0)
  return all.filter((e) => e.kind === 'reference' || (pair(e.assignment) ? brokenOf(e.assignment).at(0) === e || brokenOf(e.assignment).at(-1) === e : labPick(e.assignment) === e))
}

function nameOf(example: Example): string {
  return `${example.assignment}/${example.name}`
}

// "✓ uppercase-udp/server-lowercases   6/10  expects to lose server-answers-basic, … (+3 advisory) · what it is"
export function exampleLine(example: Example, report: GradeReport, width: number, color: boolean): string {
  const ok = meetsExpectation(example, report)
  const mark = ok ? paint(color, 'green', '✓') : paint(color, 'red', '✗')
  const score = scoreText(report).padStart(5)
  const line = `${mark} ${nameOf(example).padEnd(width)}  ${score}  expects ${expectationOf(example, report)}${example.description ? paint(color, 'dim', ` · ${example.description}`) : ''}`
  return ok ? line : `${line}\n    ${paint(color, 'red', `lost instead: ${lostCheckIds(report).join(', ') || 'nothing'}${report.gradable ? '' : ` (not gradable: ${report.notGradableReason ?? ''})`}`)}`
}

// Run at most `limit` at once, and hand each result to `done` in the order of `items`, as soon as all before it are done
async function mapInOrder<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>, done: (item: T, result: R) => void): Promise<R[]> {
  const results: R[] = new Array(items.length)
  const finished: boolean[] = new Array(items.length).fill(false)
  let next = 0
  let flushed = 0
  const lane = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i] as T)
      finished[i] = true
      while (flushed < items.length && finished[flushed]) {
        done(items[flushed] as T, results[flushed] as R)
        flushed++
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return results
}
