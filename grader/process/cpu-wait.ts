import { readFile } from 'node:fs/promises'
import { procAvailable, processTree } from './proc-sockets.js'

// How long a process and its descendants have waited for a CPU while ready to run, in ms (the kernel's run-queue
// delay in /proc/<pid>/schedstat): time a loaded machine took from them, not time they spent. 0 without /proc
export async function cpuWaitMs(rootPid: number): Promise<number> {
  if (!procAvailable) return 0
  let waitedNs = 0
  for (const pid of await processTree(rootPid)) {
    const fields = (await readFile(`/proc/${pid}/schedstat`, 'utf8').catch(() => '')).split(' ')
    waitedNs += Number(fields[1]) || 0
  }
  return waitedNs / 1e6
}
