import { execFileSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { bundledExamples } from '../grader/examples.js'
import { gradeSubmission } from '../grader/grade-submission.js'
import { resolvePython } from '../grader/process/python.js'

// Grading time of every reference against one bare python3 start, measured in the same run so that
// the ratios hold on a noisy shared machine. Target: uppercase-udp within 8x one python3 start.
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const PYTHON_RUNS = 15
const TARGET_RATIO = 8

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

async function main(): Promise<void> {
  const python = await resolvePython()
  const pythonStart = median(
    Array.from({ length: PYTHON_RUNS }, () => {
      const t = performance.now()
      execFileSync(python.executable, ['-c', 'pass'])
      return performance.now() - t
    }),
  )
  console.log(`python3 start (${python.executable} -c pass, median of ${PYTHON_RUNS}): ${pythonStart.toFixed(1)} ms`)
  console.log(`grading time per reference, median of ${RUNS} gradings after one warm-up:\n`)
  console.log(`${'assignment'.padEnd(16)} ${'grading ms'.padStart(11)} ${'x python3'.padStart(10)}  checks`)
  let verdict = ''
  for (const example of bundledExamples().filter((e) => e.kind === 'reference')) {
    const grade = () => gradeSubmission({ submission: example.dir, assignment: example.assignment, seed: 1 })
    await grade()
    const times: number[] = []
    let checks = 0
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now()
      const report = await grade()
      times.push(performance.now() - t)
      checks = report.checks.length
      if (report.score !== report.maxScore) throw new Error(`${example.label} did not get full marks in the benchmark`)
    }
    const ms = median(times)
    const ratio = ms / pythonStart
    console.log(`${example.assignment.padEnd(16)} ${ms.toFixed(0).padStart(11)} ${ratio.toFixed(1).padStart(10)}  ${checks}`)
    if (example.assignment === 'uppercase-udp') verdict = `uppercase-udp: ${ratio.toFixed(1)}x one python3 start (target: at most ${TARGET_RATIO}x) ${ratio <= TARGET_RATIO ? 'MET' : 'NOT MET'}`
  }
  console.log(`\n${verdict}`)
}

await main()
