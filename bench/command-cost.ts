import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { packageRoot } from '../grader/paths.js'

/** One command of a benchmark: argv, and how many times per round it runs */
export interface BenchCommand {
  readonly label: string
  readonly argv: readonly string[]
  readonly perRound?: number
}

/** Wall time of each run, and the CPU of all runs (user + system of every process each run started) */
export interface CommandCost {
  readonly wallMs: number[]
  readonly cpuMs: number
  /** Runs that exited non-zero (for a grade command: the reference lost points) */
  readonly failures: number
  /** false where descendants left by their parent cannot be reaped and counted (not Linux) */
  readonly wholeTree: boolean
}

interface TreeRun {
  wallMs: number
  cpuMs: number
  exitCode: number
  subreaper: boolean
}

// Run the commands in rounds, interleaved so load changes hit all alike; each run goes through measure-tree.py, which
// reaps and counts every descendant (bubblewrap leaves the sandbox's pid 1 to be reaped by someone else)
export function measureCommands(commands: readonly BenchCommand[], rounds: number, python: string): Map<string, CommandCost> {
  const costs = new Map(commands.map((c) => [c.label, { wallMs: [] as number[], cpuMs: 0, failures: 0, wholeTree: true }]))
  for (let round = 0; round < rounds; round++) {
    for (const command of commands) {
      const cost = costs.get(command.label)!
      for (let i = 0; i < (command.perRound ?? 1); i++) {
        const run = JSON.parse(execFileSync(python, [join(packageRoot, 'bench', 'measure-tree.py'), ...command.argv], { encoding: 'utf8' })) as TreeRun
        cost.wallMs.push(run.wallMs)
        cost.cpuMs += run.cpuMs
        // A grade command exits non-zero when the reference lost points: counted, and said next to the times
        if (run.exitCode !== 0) cost.failures++
        cost.wholeTree &&= run.subreaper
      }
    }
  }
  return costs
}
