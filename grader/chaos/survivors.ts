import { readdirSync, readFileSync } from 'node:fs'
import { setTimeout as delay } from 'node:timers/promises'
import { Worker } from 'node:worker_threads'

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

// The watcher's loop, in a thread of its own: every 25 ms it reads the command lines until one holds the token, then
// sets the flag's first cell; its second cell tells it to stop
const WATCHER = `
const { workerData } = require('node:worker_threads')
const { readdirSync, readFileSync } = require('node:fs')
const flag = new Int32Array(workerData.flag)
const holds = () => readdirSync('/proc').some((name) => {
  if (!/^\\d+$/.test(name) || Number(name) === process.pid) return false
  try { return readFileSync('/proc/' + name + '/cmdline', 'latin1').includes(workerData.token) } catch { return false }
})
while (Atomics.load(flag, 1) === 0) {
  if (holds()) { Atomics.store(flag, 0, 1); break }
  Atomics.wait(flag, 1, 0, 25)
}
`

// Watches until a process with the token shows up (short-lived programs, a fork bomb's, must be seen too) or until
// stopped: proves that the token reaches the submission's processes, so that finding none afterwards means something.
// The polling runs in a worker thread: a test's own synchronous work (or a loaded machine's slow event loop) must not
// make it miss a program that lived only a second
export function watchForToken(token: string): { readonly seen: boolean; stop(): void } {
  const flag = new Int32Array(new SharedArrayBuffer(8))
  const worker = new Worker(WATCHER, { eval: true, workerData: { token, flag: flag.buffer } })
  worker.unref()
  return {
    get seen() {
      return Atomics.load(flag, 0) === 1
    },
    stop: () => {
      Atomics.store(flag, 1, 1)
      Atomics.notify(flag, 1)
      void worker.terminate()
    },
  }
}
