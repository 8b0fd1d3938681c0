import { parseArgs } from 'node:util'
import { bundledExamples, meetsExpectation, type Example } from '../examples.js'
import { gradeSubmission } from '../grade-submission.js'
import { lostCheckIds, type GradeReport } from '../report.js'
import { reporters } from '../reporters/index.js'
import { colorFor, type CliIo } from './io.js'
import { paint } from '../reporters/ansi.js'

// Gradings that run at once: the machine this runs on may have only 2 cores
const CONCURRENCY = 2

// `sockgrade demo`: grade every reference and two broken variants of each assignment, show the reports,
// and exit 0 only when each was judged as its expect.yaml says
export async function demoCommand(args: string[], io: CliIo): Promise<number> {
  parseArgs({ args, strict: true, options: {} })
  const all = bundledExamples()
  // Every reference, and the first and last broken variant of each (by name: mostly a client and a server fault)
  const brokenOf = (assignment: string) => all.filter((b) => b.kind === 'broken' && b.assignment === assignment)
  const chosen = all.filter((e) => e.kind === 'reference' || brokenOf(e.assignment).at(0) === e || brokenOf(e.assignment).at(-1) === e)
  const color = colorFor(io.stdout, io.env)
  io.stderr.write(`Grading ${chosen.length} bundled examples (references and broken variants)\n`)
  const reports = await mapLimit(chosen, CONCURRENCY, (e) => gradeSubmission({ submission: e.dir, label: e.label, assignment: e.assignment, seed: 1 }))
  for (const report of reports) io.stdout.write(`${reporters.terminal.render(report, { color })}\n`)
  io.stdout.write(`${summary(chosen, reports, color)}\n`)
  return chosen.every((e, i) => meetsExpectation(e, reports[i] as GradeReport)) ? 0 : 1
}

function summary(examples: Example[], reports: GradeReport[], color: boolean): string {
  const width = Math.max(...examples.map((e) => e.label.length))
  const rows = examples.map((e, i) => {
    const report = reports[i] as GradeReport
    const ok = meetsExpectation(e, report)
    const verdict = ok ? paint(color, 'green', 'as expected') : paint(color, 'red', `expected to lose [${e.loses.join(', ')}], lost [${lostCheckIds(report).join(', ')}]`)
    return `  ${e.label.padEnd(width)} ${`${report.score}/${report.maxScore}`.padStart(6)}  ${verdict}`
  })
  return ['Summary (each example against its expect.yaml):', ...rows].join('\n')
}

async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return results
}
