import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Assignment } from '../grader/assignments/assignment.js'
import { findAssignment } from '../grader/assignments/load.js'
import { buildClass, type FixtureStudent } from '../grader/batch/class-fixture.js'
import { defaultJobs } from '../grader/batch/default-jobs.js'
import { packageRoot } from '../grader/paths.js'

const TARGET_SECONDS = 30
const BROKEN = ['server-lowercases', 'client-prints-own-uppercase', 'one-shot-server', 'client-uses-tcp', 'client-receives-before-sending']

// A class of `size` for uppercase-udp: every tenth student hangs until every check's deadline, the others alternate
// between the reference and its broken variants
export function benchClass(size: number): FixtureStudent[] {
  return Array.from({ length: size }, (_, i) => {
    const id = `s${String(i + 1).padStart(3, '0')}`
    const work = i % 10 === 9 ? 'hang' : i % 2 === 0 ? 'solution' : { broken: BROKEN[(i >> 1) % BROKEN.length] as string }
    return { id, name: `Student ${i + 1}`, work }
  })
}

interface TreeRun {
  wallMs: number
  cpuMs: number
  exitCode: number
}

// Busy CPU time of the whole machine so far (all cores, /proc/stat), in ms: a batch's sandboxes end in ways that leave
// some processes to be collected by init, so a process-tree count misses their CPU; the machine's count cannot
function machineBusyMs(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number)
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields
  return ((user + nice + system + irq + softirq + steal) * 1000) / 100
}

// One whole `sockgrade batch` run: its wall time, and the machine's busy CPU time while it ran (quiet machine assumed)
function batchRun(python: string, root: string, jobs: number, fresh = false): TreeRun & { csv: string } {
  const out = mkdtempSync(join(tmpdir(), 'bench-batch-out-'))
  rmSync(out, { recursive: true })
  const argv = [process.execPath, join(packageRoot, 'dist', 'grader', 'bin.js'), 'batch', root, '-a', 'uppercase-udp', '--out', out, '--jobs', String(jobs), '--seed', '1']
  const env = { ...process.env, SOCKGRADE_FRESH_SANDBOX: fresh ? '1' : '0' }
  const busyBefore = machineBusyMs()
  const tree = JSON.parse(execFileSync(python, [join(packageRoot, 'bench', 'measure-tree.py'), ...argv], { encoding: 'utf8', env })) as TreeRun
  const run = { ...tree, cpuMs: machineBusyMs() - busyBefore }
  const csv = readFileSync(join(out, 'grades.csv'), 'utf8')
  rmSync(out, { recursive: true, force: true })
  return { ...run, csv }
}

// Grade a generated class with the default --jobs and with each extra value asked for, then with --jobs 1, in one run:
// total time, submissions a minute, CPU seconds per submission, and the speedup over --jobs 1
export function batchClassCost(python: string, options: { size: number; extraJobs: readonly number[] }): void {
  const root = join(mkdtempSync(join(tmpdir(), 'bench-class-')), 'class')
  buildClass('dirs', findAssignment('uppercase-udp') as Assignment, benchClass(options.size), root)
  const hanging = benchClass(options.size).filter((s) => s.work === 'hang').length
  console.log(`sockgrade batch on a generated class of ${options.size} (uppercase-udp: half the reference, half broken variants, ${hanging} hanging until their deadline), one run each;`)
  console.log(`CPU: the whole machine's busy time during the run, per submission (anything else running counts too)\n`)
  console.log(`${'--jobs'.padEnd(16)} ${'total s'.padStart(8)} ${'per minute'.padStart(11)} ${'CPU s each'.padStart(11)} ${'speedup'.padStart(8)}  same grades`)
  // The default, then the same with a new sandbox for every student (as before sandboxes were reused), then the rest
  const jobsList = [defaultJobs(), ...options.extraJobs.filter((j) => j !== defaultJobs() && j !== 1), 1]
  const runs = [
    { jobs: defaultJobs(), label: String(defaultJobs()), ...batchRun(python, root, defaultJobs()) },
    { jobs: defaultJobs(), label: `${defaultJobs()} fresh sandbox`, ...batchRun(python, root, defaultJobs(), true) },
    ...jobsList.slice(1).map((jobs) => ({ jobs, label: String(jobs), ...batchRun(python, root, jobs) })),
  ]
  const single = runs.at(-1) as (typeof runs)[number]
  for (const run of runs) {
    const seconds = run.wallMs / 1000
    const line = `${run.label.padEnd(16)} ${seconds.toFixed(1).padStart(8)} ${((options.size / seconds) * 60).toFixed(0).padStart(11)} ${(run.cpuMs / 1000 / options.size).toFixed(2).padStart(11)} ${`${(single.wallMs / run.wallMs).toFixed(2)}x`.padStart(8)}  ${run.csv === single.csv ? 'yes' : 'NO: grades.csv differs from --jobs 1'}`
    console.log(`${line}${run.exitCode === 0 ? '' : `  (exit ${run.exitCode})`}`)
  }
  const best = runs[0] as (typeof runs)[number]
  const met = best.wallMs / 1000 < TARGET_SECONDS
  console.log(`\nclass of ${options.size} with the default --jobs ${best.jobs}: ${(best.wallMs / 1000).toFixed(1)} s (target: under ${TARGET_SECONDS} s on 2 cores) ${met ? 'MET' : 'NOT MET'}`)
  rmSync(join(root, '..'), { recursive: true, force: true })
}
