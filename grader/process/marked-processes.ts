import { randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { procAvailable } from './proc-sockets.js'

/** The environment variable that marks every process a grading started, and all their descendants */
export const RUN_MARKER_VARIABLE = 'SOCKGRADE_RUN'

// A fresh marker for one grading
export function newRunMarker(): string {
  return randomUUID()
}

// Pids of the processes carrying the marker: a daemon that double-forked and called setsid escapes the
// process group, but keeps its environment (Linux only; elsewhere nothing is found)
export async function markedProcesses(marker: string): Promise<number[]> {
  if (!procAvailable) return []
  const needle = `${RUN_MARKER_VARIABLE}=${marker}\0`
  const found: number[] = []
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    const pid = Number(name)
    if (!Number.isInteger(pid) || pid === process.pid) continue
    const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '')
    if (`${environ}\0`.includes(needle)) found.push(pid)
  }
  return found
}

// Kill every process that carries the marker and returns how many there were
export async function killMarkedProcesses(marker: string): Promise<number> {
  const pids = await markedProcesses(marker)
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  return pids.length
}
