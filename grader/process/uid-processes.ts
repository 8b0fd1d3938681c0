import { readdirSync, readFileSync } from 'node:fs'
import { setTimeout as delay } from 'node:timers/promises'
import { procAvailable } from './proc-sockets.js'

// The pids whose real uid is `uid` (Linux /proc); none elsewhere
export function uidProcesses(uid: number): number[] {
  if (!procAvailable) return []
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return []
  }
  const pids: number[] = []
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const real = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]
      if (Number(real) === uid) pids.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return pids
}

// Kill every process of a student uid with SIGKILL, again while any is left (a fork can race a scan), for at most
// `withinMs`: what a program started under that uid cannot escape, whatever it did to its group, session or environment
export async function killUidProcesses(uid: number, withinMs = 1000): Promise<number> {
  const until = Date.now() + withinMs
  let killed = 0
  for (;;) {
    const pids = uidProcesses(uid)
    if (pids.length === 0 || Date.now() > until) return killed
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL')
        killed++
      } catch {
        // already gone
      }
    }
    await delay(10)
  }
}
