import { setTimeout as delay } from 'node:timers/promises'
import { readFile } from 'node:fs/promises'
import { InternalError } from '../errors.js'
import { allPids, hasExited, processTree } from '../process/proc-sockets.js'

// How long killed processes get to disappear (SIGKILL takes effect at once; exit and reaping take a moment)
const GONE_WITHIN_MS = 2000
const POLL_MS = 5

// Kill every process of the sandbox's pid namespace except its init (pid 1, which reaps orphans), the grader itself
// and the trees of `spared` (the reference server's relay): inside the sandbox all others are the submission's,
// detached daemons included, so SIGKILL is fair and frees the spec's port for what comes next. A student's process
// cannot make itself a descendant of a spared one. Returns how many there were. Never call it outside a sandbox
export async function killSubmissionProcesses(spared: () => readonly number[] = () => []): Promise<number> {
  if (!(await insideSandbox())) throw new InternalError('Refusing to kill every process: this is not a sockgrade sandbox')
  const submissionPids = async () => {
    // Listed before the spared trees are walked: a process a spared one forks meanwhile is in its tree, not the list
    const pids = await allPids()
    const kept = new Set<number>([1, process.pid])
    for (const root of spared()) for (const pid of await processTree(root)) kept.add(pid)
    return pids.filter((pid) => !kept.has(pid))
  }
  // Killed processes linger as zombies until their parent reaps them (the grader's own children on its next event
  // loop turn, orphans by pid 1): those hold no socket and are not waited for
  const livingSubmissionPids = async () => {
    const living: number[] = []
    for (const pid of await submissionPids()) if (!(await hasExited(pid))) living.push(pid)
    return living
  }
  const targets = await submissionPids()
  for (const pid of targets) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  // Forks made while the first ones died are caught by the next rounds
  const until = Date.now() + GONE_WITHIN_MS
  for (let left = await livingSubmissionPids(); left.length > 0 && Date.now() < until; left = await livingSubmissionPids()) {
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // gone meanwhile
      }
    }
    await delay(POLL_MS)
  }
  return targets.length
}

let sandboxed: Promise<boolean> | undefined

// Pid 1 is the sandbox's own: bubblewrap's init, or the unshare backend's set-up shell (named sockgrade-sandbox)
function insideSandbox(): Promise<boolean> {
  sandboxed ??= readFile('/proc/1/cmdline', 'latin1')
    .then((cmdline) => /(^|\/)bwrap\0/.test(cmdline) || cmdline.includes('\0sockgrade-sandbox\0'))
    .catch(() => false)
  return sandboxed
}
