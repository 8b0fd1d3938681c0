import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { hostPlatform } from './host-platform.js'

// How long the processes of a killed cgroup get to disappear (SIGKILL takes effect at once; exit takes a moment)
const EMPTY_WITHIN_MS = 2000
const POLL_MS = 5

/**
 * A cgroup v2 of one grading's student programs, for host mode as root: every process a program starts is in it,
 * whatever it does to its group, session, uid or environment, and `cgroup.kill` ends them all at once
 */
export interface GradingCgroup {
  readonly path: string
  /** argv prefix: the command joins the cgroup itself before it execs the next word, so nothing it forks is outside */
  readonly joinArgv: readonly string[]
  // SIGKILL every process in it (a fork racing the kill is caught too: the kernel kills the whole cgroup)
  kill(): Promise<void>
  // Kill what is left and remove the cgroup
  remove(): Promise<void>
}

// A new cgroup below the grader's own, or undefined where there is no writable cgroup v2 (not Linux, an ordinary
// user's session, a container that mounts cgroups read-only, a kernel before 5.14 without cgroup.kill): the marker
// scan (and, as root, the student uid's) is then the fallback
export function openGradingCgroup(): GradingCgroup | undefined {
  if (!hostPlatform().hasCgroups) return undefined
  const parent = ownCgroupFolder()
  if (!parent) return undefined
  const path = join(parent, `sockgrade-${randomUUID()}`)
  try {
    mkdirSync(path)
  } catch {
    return undefined
  }
  // cgroup.kill (Linux 5.14) can only be written: its presence is the test
  if (!existsSync(join(path, 'cgroup.kill'))) {
    rmdirSync(path)
    return undefined
  }
  live.add(path)
  return {
    path,
    // Should the write fail, the program still runs: the marker and uid scans are the fallback
    joinArgv: ['/bin/sh', '-c', '{ echo $$ >"$0"; } 2>/dev/null; exec "$@"', join(path, 'cgroup.procs')],
    kill: () => killAll(path),
    remove: async () => {
      await killAll(path)
      removeFolder(path)
    },
  }
}

const live = new Set<string>()

// Kill every grading cgroup's processes and remove the cgroups: for the grader stopped by a signal, where finally
// blocks do not run (synchronous: nothing asynchronous runs then)
export function killAllCgroupsNow(): void {
  for (const path of live) {
    try {
      writeFileSync(join(path, 'cgroup.kill'), '1')
    } catch {
      // gone already
    }
    // A short synchronous wait for the kernel to empty it (a sleep, not a spin)
    for (const until = Date.now() + EMPTY_NOW_MS; populated(path) && Date.now() < until; ) Atomics.wait(pauseCell, 0, 0, POLL_MS)
    removeFolder(path)
  }
}

const EMPTY_NOW_MS = 500
const pauseCell = new Int32Array(new SharedArrayBuffer(4))

function removeFolder(path: string): void {
  try {
    rmdirSync(path)
    live.delete(path)
  } catch {
    // still emptying (or a process stuck in the kernel): the empty folder is harmless and the next boot removes it
  }
}

async function killAll(path: string): Promise<void> {
  try {
    writeFileSync(join(path, 'cgroup.kill'), '1')
  } catch {
    return
  }
  for (const until = Date.now() + EMPTY_WITHIN_MS; populated(path) && Date.now() < until; ) await delay(POLL_MS)
}

function populated(path: string): boolean {
  try {
    return /^populated 1$/m.test(readFileSync(join(path, 'cgroup.events'), 'latin1'))
  } catch {
    return false
  }
}

// Where this process's cgroup v2 is: the cgroup2 mount (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid
// system) joined with the path /proc/self/cgroup gives for hierarchy 0
function ownCgroupFolder(): string | undefined {
  try {
    const own = /^0::(\/.*)$/m.exec(readFileSync('/proc/self/cgroup', 'latin1'))?.[1]
    const mount = readFileSync('/proc/self/mountinfo', 'latin1')
      .split('\n')
      .map((line) => line.split(' '))
      .find((fields) => fields[fields.indexOf('-') + 1] === 'cgroup2')?.[4]
    if (own === undefined || mount === undefined) return undefined
    return join(mount.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))), own)
  } catch {
    return undefined
  }
}
