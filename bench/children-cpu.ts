import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

let ticksPerSecond: number | undefined

// CPU ms used so far by this process's waited-for children (and the descendants they reaped), or undefined off Linux
export function childrenCpuMs(): number | undefined {
  if (process.platform !== 'linux') return undefined
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  // Fields after "(comm) ": state is field 3, cutime and cstime are fields 16 and 17 (proc(5))
  const stat = readFileSync('/proc/self/stat', 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[16 - 3]) + Number(fields[17 - 3])
  return (ticks * 1000) / ticksPerSecond
}
