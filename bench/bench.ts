import { execFileSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { bundledExamples } from '../grader/examples.js'
import { gradeSubmission } from '../grader/grade-submission.js'
import { resolvePython } from '../grader/process/python.js'
import { detectIsolation, type IsolationChoice } from '../grader/sandbox/detect.js'
import { batchClassCost } from './batch-class.js'
import { referenceOracleCost } from './reference-oracle.js'
import { wholeCommandCost } from './whole-command.js'

// Ratios measured in one run, so they hold on a noisy shared machine:
// - grading time of every reference against one bare python3 start (target: uppercase-udp within 8x);
// - sandbox mode against host mode for the same submissions, interleaved (target: at most +25%);
// - the whole `sockgrade grade` command and its CPU, against python3 and node starts (whole-command.ts);
// - a reference-answered grading against a built-in one, and the programs it adds (reference-oracle.ts);
// - `sockgrade batch` on a generated class of 100, against --jobs 1 (batch-class.ts)
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const PYTHON_RUNS = 15
const TARGET_RATIO = 8
const SANDBOX_TARGET = 1.25

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

async function timed(grade: () => Promise<{ score: number; maxScore: number }>, what: string): Promise<number> {
  const t = performance.now()
  const report = await grade()
  const ms = performance.now() - t
  if (report.score < report.maxScore) throw new Error(`${what} did not get full marks in the benchmark`)
  return ms
}

async function main(): Promise<void> {
  const python = await resolvePython()
  const detected = await detectIsolation()
  wholeCommandCost(python, detected.mode === 'sandbox' ? ['host', 'sandbox'] : ['host'], RUNS)
  console.log()
  const pythonStart = median(
    Array.from({ length: PYTHON_RUNS }, () => {
      const t = performance.now()
      execFileSync(python.executable, ['-c', 'pass'])
      return performance.now() - t
    }),
  )
  console.log(`python3 start (${python.executable} -c pass, median of ${PYTHON_RUNS}): ${pythonStart.toFixed(1)} ms`)
  console.log(`grading time per reference in host mode, median of ${RUNS} gradings after one warm-up:\n`)
  console.log(`${'assignment'.padEnd(16)} ${'grading ms'.padStart(11)} ${'x python3'.padStart(10)}  checks`)
  const references = bundledExamples().filter((e) => e.kind === 'reference')
  let verdict = ''
  for (const example of references) {
    const grade = () => gradeSubmission({ submission: example.dir, assignment: example.assignment, seed: 1, isolation: 'host' })
    const checks = (await grade()).checks.length
    const times: number[] = []
    for (let i = 0; i < RUNS; i++) times.push(await timed(grade, example.label))
    const ratio = median(times) / pythonStart
    console.log(`${example.assignment.padEnd(16)} ${median(times).toFixed(0).padStart(11)} ${ratio.toFixed(1).padStart(10)}  ${checks}`)
    if (example.assignment === 'uppercase-udp') verdict = `uppercase-udp: ${ratio.toFixed(1)}x one python3 start (target: at most ${TARGET_RATIO}x) ${ratio <= TARGET_RATIO ? 'MET' : 'NOT MET'}`
  }
  console.log(`\n${verdict}\n`)
  await sandboxCost(references.filter((e) => e.assignment === 'uppercase-udp' || e.assignment === 'uppercase-tcp'), detected)
  console.log()
  referenceOracleCost(python.executable, RUNS, detected.mode === 'sandbox')
  console.log()
  batchClassCost(python.executable, { size: Number(process.env.BENCH_CLASS_SIZE ?? 100), extraJobs: [] })
}

// The same submissions graded in both modes, one after the other, so load changes hit both alike
async function sandboxCost(examples: ReturnType<typeof bundledExamples>, detected: IsolationChoice): Promise<void> {
  if (detected.mode !== 'sandbox') return console.log(`sandbox cost: not measured, no sandbox here (${detected.reason})`)
  console.log(`sandbox mode against host mode, median of ${RUNS} gradings each, interleaved:\n`)
  console.log(`${'assignment'.padEnd(16)} ${'host ms'.padStart(8)} ${'sandbox ms'.padStart(11)} ${'sandbox/host'.padStart(13)}`)
  for (const example of examples) {
    const grade = (isolation: 'host' | 'sandbox') => () => gradeSubmission({ submission: example.dir, assignment: example.assignment, seed: 1, isolation })
    await grade('sandbox')()
    const times = { host: [] as number[], sandbox: [] as number[] }
    for (let i = 0; i < RUNS; i++) {
      times.host.push(await timed(grade('host'), example.label))
      times.sandbox.push(await timed(grade('sandbox'), example.label))
    }
    const ratio = median(times.sandbox) / median(times.host)
    const met = ratio <= SANDBOX_TARGET ? 'MET' : 'NOT MET'
    console.log(`${example.assignment.padEnd(16)} ${median(times.host).toFixed(0).padStart(8)} ${median(times.sandbox).toFixed(0).padStart(11)} ${ratio.toFixed(2).padStart(13)}  (target: at most ${SANDBOX_TARGET}) ${met}`)
  }
}

await main()
