import { execFileSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { childrenCpuMs } from './children-cpu.js'

/** One command of a benchmark: argv, and how many times per round it runs */
export interface BenchCommand {
  readonly label: string
  readonly argv: readonly string[]
  readonly perRound?: number
}

/** Wall time of each run, and the CPU of all runs (children's user + system time) */
export interface CommandCost {
  readonly wallMs: number[]
  /** Total CPU ms of all runs, undefined where /proc/self/stat is missing */
  readonly cpuMs?: number
  /** Runs that exited non-zero (for a grade command: the reference lost points) */
  readonly failures: number
}

// Run the commands in rounds, interleaved so load changes hit all alike; each run waited synchronously,
// so the children CPU counters before and after it hold exactly that run (and every process it reaped)
export function measureCommands(commands: readonly BenchCommand[], rounds: number): Map<string, CommandCost> {
  const costs = new Map(commands.map((c) => [c.label, { wallMs: [] as number[], cpuMs: 0 as number | undefined, failures: 0 }]))
  for (let round = 0; round < rounds; round++) {
    for (const command of commands) {
      const cost = costs.get(command.label)!
      for (let i = 0; i < (command.perRound ?? 1); i++) {
        const [file, ...args] = command.argv
        const cpuBefore = childrenCpuMs()
        const t = performance.now()
        try {
          execFileSync(file as string, args, { stdio: 'ignore' })
        } catch {
          // A grade command exits non-zero when the reference lost points: counted, and said next to the times
          cost.failures++
        }
        cost.wallMs.push(performance.now() - t)
        const cpuAfter = childrenCpuMs()
        cost.cpuMs = cpuBefore === undefined || cpuAfter === undefined || cost.cpuMs === undefined ? undefined : cost.cpuMs + cpuAfter - cpuBefore
      }
    }
  }
  return costs
}
