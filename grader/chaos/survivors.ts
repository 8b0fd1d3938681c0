import { readdirSync, readFileSync } from 'node:fs'
import { setTimeout as delay } from 'node:timers/promises'

// How long processes may take to disappear after the report came back
const SURVIVOR_POLL_MS = 2_000

// Pids (other than this process) whose command line contains the token: every process of a generated submission
export function pidsWithToken(token: string): number[] {
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    const pid = Number(name)
    if (!Number.isInteger(pid) || pid === process.pid) continue
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(token)) found.push(pid)
    } catch {
      // gone meanwhile
    }
  }
  return found
}

// The processes with the token still there after polling up to 2 s, with their state and parent (empty when none)
export async function survivorsAfterGrading(token: string): Promise<{ pid: number; state: string }[]> {
  let pids = pidsWithToken(token)
  for (const until = Date.now() + SURVIVOR_POLL_MS; pids.length > 0 && Date.now() < until; pids = pidsWithToken(token)) await delay(50)
  return pids.map((pid) => ({ pid, state: processState(pid) }))
}

// Kill what a grading left behind, by pid, so it cannot disturb the next cases (it is reported all the same)
export function killSurvivors(token: string): void {
  for (const pid of pidsWithToken(token)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone meanwhile
    }
  }
}

// The state letter and parent of a process from /proc/PID/stat ("S ppid 1"), "gone" when it ended meanwhile
function processState(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return `${state} ppid ${ppid}`
  } catch {
    return 'gone'
  }
}

// Polls every 25 ms (short-lived programs, a fork bomb's, must be seen too) until a process with the token shows up (then stops) or until stopped: proves that the token
// reaches the submission's processes, so that finding none afterwards means something
export function watchForToken(token: string): { readonly seen: boolean; stop(): void } {
  let seen = false
  const timer = setInterval(() => {
    seen = pidsWithToken(token).length > 0
    if (seen) clearInterval(timer)
  }, 25)
  return {
    get seen() {
      return seen
    },
    stop: () => clearInterval(timer),
  }
}
