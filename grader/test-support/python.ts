import { readFileSync } from 'node:fs'
import { resolvePython } from '../process/python.js'
import { programEnv } from '../submission/program-command.js'

// The interpreter and environment tests launch fixtures with, the same as student programs get
export async function pythonFixtureArgv(script: string, ...args: string[]): Promise<string[]> {
  const python = await resolvePython()
  return [python.executable, script, ...args]
}

export const fixtureEnv = programEnv(process.env)

// True while a pid exists and is not a zombie
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
  } catch {
    return false
  }
}
