import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { UsageError } from '../errors.js'
import { choice, numberOption } from '../cli/options.js'
import { detectIsolation } from '../sandbox/detect.js'
import { assignmentForSeed, chaosAssignments } from './generate.js'
import { runPooled } from './pool.js'
import { runCase, type CaseOutcome, type ChaosCase } from './run-case.js'
import { violationsTable } from './violations-table.js'

const USAGE = 'usage: npm run chaos -- [--n N] [--seed S] [--mode host|sandbox|both] [--assignment ID] [--jobs J]'

/** What one chaos run grades */
export interface ChaosPlan {
  readonly cases: readonly ChaosCase[]
  readonly jobs: number
  readonly baseSeed: number
}

// argv to the list of cases: N seeds from S (each on the assignment its seed names, or the one forced), in each mode
export async function planChaos(argv: readonly string[]): Promise<ChaosPlan> {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: { n: { type: 'string' }, seed: { type: 'string' }, mode: { type: 'string' }, assignment: { type: 'string' }, jobs: { type: 'string' } },
  })
  const n = numberOption('--n', values.n, { min: 1, integer: true }) ?? 30
  const baseSeed = numberOption('--seed', values.seed, { min: 0, integer: true }) ?? 1
  const jobs = numberOption('--jobs', values.jobs, { min: 1, max: 16, integer: true }) ?? 2
  const mode = choice('--mode', values.mode, ['host', 'sandbox', 'both'] as const) ?? 'both'
  const assignment = choice('--assignment', values.assignment, chaosAssignments())
  const sandbox = (await detectIsolation()).mode === 'sandbox'
  if (mode === 'sandbox' && !sandbox) throw new UsageError(`--mode sandbox: the sandbox is not available here (${(await detectIsolation()).reason})`)
  const modes: ChaosCase['mode'][] = mode === 'both' ? (sandbox ? ['host', 'sandbox'] : ['host']) : [mode]
  const cases = Array.from({ length: n }, (_, i) => baseSeed + i).flatMap((seed) => modes.map((m) => ({ seed, assignment: assignment ?? assignmentForSeed(seed), mode: m })))
  return { cases, jobs, baseSeed }
}

// One line of progress per graded case
function progressLine(outcome: CaseOutcome, done: number, total: number): string {
  const c = outcome.case
  const status = outcome.violations.length === 0 ? 'ok' : `${outcome.violations.length} violation(s): ${outcome.violations.map((v) => v.invariant).join(', ')}`
  const seconds = outcome.wallMs.map((ms) => (ms / 1000).toFixed(1)).join('+')
  return `[${done}/${total}] seed ${c.seed} ${c.mode} ${c.assignment}: ${status} (${outcome.verdict}, ${seconds} s; ${outcome.summary})`
}

// Run the chaos suite: progress on stderr, the violation table on stdout; exit 1 on any violation, 2 on bad usage
export async function chaosMain(argv: readonly string[]): Promise<number> {
  let plan: ChaosPlan
  try {
    plan = await planChaos(argv)
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error
    process.stderr.write(`${error.message}\n${USAGE}\n`)
    return 2
  }
  const started = Date.now()
  const scratch = mkdtempSync(join(tmpdir(), 'sockgrade-chaos-'))
  process.stderr.write(`chaos: ${plan.cases.length} cases from seed ${plan.baseSeed}, each graded twice, ${plan.jobs} gradings at a time\n`)
  try {
    const outcomes = await runPooled(plan.cases, plan.jobs, (c) => runCase(c, scratch), (o, done) => process.stderr.write(`${progressLine(o, done, plan.cases.length)}\n`))
    const violations = outcomes.reduce((n, o) => n + o.violations.length, 0)
    process.stdout.write(`${violationsTable(outcomes)}\n`)
    process.stdout.write(`${plan.cases.length} cases, ${violations} violation(s) in ${outcomes.filter((o) => o.violations.length > 0).length} case(s), ${((Date.now() - started) / 1000).toFixed(0)} s\n`)
    return violations > 0 ? 1 : 0
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
