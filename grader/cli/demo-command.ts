import { parseArgs } from 'node:util'
import { bundledExamples, meetsExpectation, type Example } from '../examples.js'
import { gradeSubmission } from '../grade-submission.js'
import { lostCheckIds, type GradeReport } from '../report.js'
import { reporters } from '../reporters/index.js'
import { colorFor, type CliIo } from './io.js'
import { paint } from '../reporters/ansi.js'

// Gradings that run at once: the machine this runs on may have only 2 cores
const CONCURRENCY = 2

// `sockgrade demo`: grade every reference and the first broken variant of each assignment, show the reports,
// and exit 0 only when each was judged as its expect.yaml says
export async function demoCommand(args: string[], io: CliIo): Promise<number> {
  parseArgs({ args, strict: true, options: {} })
  const all = bundledExamples()
  const chosen = all.filter((e) => e.kind === 'reference' || all.find((b) => b.kind === 'broken' && b.assignment === e.assignment) === e)
  const color = colorFor(io.stdout, io.env)
  io.stderr.write(`Grading ${chosen.length} bundled examples (references and broken variants)\n`)
  const reports = await mapLimit(chosen, CONCURRENCY, (e) => gradeSubmission({ submission: e.dir, label: e.label, assignment: e.assignment, seed: 1 }))
  for (const report of reports) io.stdout.write(`${reporters.terminal.render(report, { color })}\n`)
  io.stdout.write(`${summary(chosen, reports, color)}\n`)
  return chosen.every((e, i) => meetsExpectation(e, reports[i] as GradeReport)) ? 0 : 1
}

function summary(examples: Example[], reports: GradeReport[], color: boolean): string {
  const rows = examples.map((e, i) => {
    const report = reports[i] as GradeReport
    const ok = meetsExpectation(e, report)
    const verdict = ok ? paint(color, 'green', 'as expected') : paint(color, 'red', `expected to lose [${e.loses.join(', ')}], lost [${lostCheckIds(report).join(', ')}]`)
    return `  ${e.label.padEnd(48)} ${`${report.score}/${report.maxScore}`.padStart(6)}  ${verdict}`
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
