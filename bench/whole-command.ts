import { join } from 'node:path'
import type { PythonInterpreter } from '../grader/process/python.js'
import { packageRoot } from '../grader/paths.js'
import { measureCommands, type BenchCommand } from './command-cost.js'

const TARGET_PYTHON_STARTS = 8
const TARGET_CPU_MS = 250

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

// The whole `sockgrade grade` command as a user runs it, in each mode, next to python3 and node starts of the same run
export function wholeCommandCost(python: PythonInterpreter, modes: readonly ('host' | 'sandbox')[], rounds: number): void {
  const bin = join(packageRoot, 'dist', 'grader', 'bin.js')
  const submission = join(packageRoot, 'reference', 'uppercase-udp')
  const grade = (mode: string): BenchCommand => ({
    label: `grade --isolation ${mode}`,
    argv: [process.execPath, bin, 'grade', submission, '-a', 'uppercase-udp', '--seed', '1', '--isolation', mode],
  })
  const commands: BenchCommand[] = [
    { label: 'python3 -c pass', argv: [python.executable, '-c', 'pass'], perRound: 3 },
    { label: 'node -e 0', argv: [process.execPath, '-e', '0'], perRound: 3 },
    ...modes.map(grade),
  ]
  // One warm-up round fills the page cache and python's bytecode caches
  measureCommands(commands, 1, python.executable)
  const costs = measureCommands(commands, rounds, python.executable)
  const wall = (label: string) => median(costs.get(label)!.wallMs)
  const cpu = (label: string) => costs.get(label)!.cpuMs / costs.get(label)!.wallMs.length
  const [pythonWall, nodeWall, pythonCpu, nodeCpu] = [wall(commands[0]!.label), wall(commands[1]!.label), cpu(commands[0]!.label), cpu(commands[1]!.label)]
  console.log(`whole command, uppercase-udp reference (${commands.at(-1)!.argv.slice(1).join(' ')}), ${rounds} rounds interleaved;`)
  console.log(`wall: median of each run, start to exit; CPU: user + system of the process and every descendant${costs.get(commands[2]!.label)!.wholeTree ? '' : ' it reaped (not those left to init: no subreaper here)'}, mean per run\n`)
  console.log(`${'command'.padEnd(26)} ${'wall ms'.padStart(8)} ${'x python3'.padStart(10)} ${'x node'.padStart(7)} ${'CPU ms'.padStart(8)} ${'x python3'.padStart(10)} ${'x node'.padStart(7)}`)
  for (const { label } of commands) {
    const c = cpu(label)
    const cpuColumns = `${c.toFixed(0).padStart(8)} ${ratio(c, pythonCpu)} ${ratio(c, nodeCpu, 7)}`
    const failures = costs.get(label)!.failures
    const failed = failures ? `  (${failures} of ${costs.get(label)!.wallMs.length} runs exited non-zero: points lost)` : ''
    console.log(`${label.padEnd(26)} ${wall(label).toFixed(0).padStart(8)} ${ratio(wall(label), pythonWall)} ${ratio(wall(label), nodeWall, 7)} ${cpuColumns}${failed}`)
  }
  if (modes.length === 2) console.log(`\nsandbox/host, whole command wall: ${(wall(grade('sandbox').label) / wall(grade('host').label)).toFixed(2)}`)
  console.log('\ntargets (correct uppercase-udp, whole command):')
  if (modes.includes('sandbox')) {
    const starts = wall(grade('sandbox').label) / pythonWall
    console.log(`  sandbox mode at most ${TARGET_PYTHON_STARTS}x one python3 start: ${starts.toFixed(1)}x ${verdict(starts <= TARGET_PYTHON_STARTS)}`)
  } else {
    console.log(`  sandbox mode at most ${TARGET_PYTHON_STARTS}x one python3 start: not measured, no sandbox here`)
  }
  for (const mode of modes) {
    const c = cpu(grade(mode).label)
    console.log(`  at most ${TARGET_CPU_MS} ms CPU per grading, ${mode} mode: ${c.toFixed(0)} ms ${verdict(c <= TARGET_CPU_MS)}`)
  }
}

function ratio(value: number, base: number | undefined, width = 10): string {
  return (base ? `${(value / base).toFixed(1)}x` : 'n/a').padStart(width)
}

function verdict(met: boolean): string {
  return met ? 'MET' : 'NOT MET'
}
