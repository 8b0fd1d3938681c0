import { readFile, readdir, readlink } from 'node:fs/promises'
import { hostPlatform } from './host-platform.js'

/** A socket bound by a process of the tree */
export interface BoundSocket {
  readonly transport: 'udp' | 'tcp'
  readonly port: number
}

// /proc exists on Linux only (hidden when SOCKGRADE_HOST_PLATFORM imitates another platform); elsewhere readiness
// falls back to bind probing
export const procAvailable = hostPlatform().hasProc

// Every pid whose ancestry leads to rootPid (found by parent pid in /proc/*/stat: task children lists are absent here)
export async function processTree(rootPid: number): Promise<number[]> {
  const children = new Map<number, number[]>()
  for (const pid of await allPids()) {
    const ppid = (await familyOf(pid))?.ppid
    if (ppid === undefined) continue
    if (!children.has(ppid)) children.set(ppid, [])
    children.get(ppid)?.push(pid)
  }
  const tree = [rootPid]
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] as number) ?? []))
  return tree
}

// The inodes of the sockets the processes hold open
export async function socketInodes(pids: readonly (number | 'self')[]): Promise<Set<string>> {
  const inodes = new Set<string>()
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')
      if (target.startsWith('socket:[')) inodes.add(target.slice(8, -1))
    }
  }
  return inodes
}

// Bound UDP sockets and listening TCP sockets of a table in /proc/<pid>/net, keyed by inode
async function readTable(pid: number | 'self', table: string, transport: 'udp' | 'tcp'): Promise<Map<string, BoundSocket>> {
  const rows = new Map<string, BoundSocket>()
  const text = await readFile(`/proc/${pid}/net/${table}`, 'utf8').catch(() => '')
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/)
    const [local, , state] = [cols[1], cols[2], cols[3]]
    const inode = cols[9]
    if (!local || !inode || inode === '0') continue
    if (transport === 'tcp' && state !== '0A') continue
    rows.set(inode, { transport, port: parseInt(local.slice(local.lastIndexOf(':') + 1), 16) })
  }
  return rows
}

// Which ports the process tree of rootPid has bound (UDP) or listens on (TCP)
export async function boundSocketsOf(
  rootPid: number,
  transports: readonly ('udp' | 'tcp')[],
  options: { withChildren: boolean },
): Promise<BoundSocket[]> {
  const tree = options.withChildren ? await processTree(rootPid) : [rootPid]
  const inodes = await socketInodes(tree)
  if (inodes.size === 0) return []
  const found: BoundSocket[] = []
  for (const transport of transports) {
    for (const table of [transport, `${transport}6`]) {
      for (const [inode, socket] of await readTable(rootPid, table, transport)) {
        if (inodes.has(inode) && !found.some((s) => s.port === socket.port && s.transport === socket.transport)) found.push(socket)
      }
    }
  }
  return found
}

// The state letter of a process (R running, S sleeping, Z zombie ...), '' when it is gone
export async function processState(pid: number): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  return stat ? stat.charAt(stat.lastIndexOf(')') + 2) : ''
}

// States of a thread that waits for something (a client, a timer, a lock, a child), not one that runs
const WAITING = new Set(['S', 'T', 't'])

// Every thread of the process waits: a server between clients. Its first thread alone says little: Java's launcher
// thread and a main thread that only joins its workers sleep while another thread runs (false once it has exited)
export async function allThreadsAsleep(pid: number): Promise<boolean> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[])
  const states: (string | undefined)[] = []
  for (const task of tasks) {
    const stat = await readFile(`/proc/${pid}/task/${task}/stat`, 'utf8').catch(() => '')
    states.push(stat ? stat.charAt(stat.lastIndexOf(')') + 2) : undefined)
  }
  return threadsAsleep(states)
}

// The verdict on one reading of a process's threads (undefined: listed, then gone before its state was read). The
// reads are not one snapshot: a main thread read asleep in its join, then a worker that ran until it ended (a crash
// on its way out, measured under load) looks like a process at rest. A thread that ended is activity: read again
export function threadsAsleep(states: readonly (string | undefined)[]): boolean {
  return states.length > 0 && states.every((state) => state !== undefined && WAITING.has(state))
}

// True when the process has exited but the exit may not have been reported yet (zombie or gone)
export async function hasExited(pid: number): Promise<boolean> {
  if (!procAvailable) return false
  const state = await processState(pid)
  return state === '' || state === 'Z'
}

/** A socket of the network namespace, with its inode (to find which process holds it) */
export interface NamespaceSocket extends BoundSocket {
  readonly inode: string
}

// Every bound UDP and listening TCP socket of this process's network namespace, the grader's own left out. Inside a
// sandbox that is every socket of the submission, whichever process holds it: one read of the namespace's tables
// instead of every process's open files
export async function namespaceSockets(transports: readonly ('udp' | 'tcp')[]): Promise<NamespaceSocket[]> {
  const own = await socketInodes(['self'])
  const found: NamespaceSocket[] = []
  for (const transport of transports) {
    for (const table of [transport, `${transport}6`]) {
      for (const [inode, socket] of await readTable('self', table, transport)) {
        if (!own.has(inode) && !found.some((s) => s.port === socket.port && s.transport === socket.transport)) found.push({ ...socket, inode })
      }
    }
  }
  return found
}

// The pid holding a socket, among the given pids (undefined when none does)
export async function holderOf(inode: string, pids: readonly number[]): Promise<number | undefined> {
  for (const pid of pids) if ((await socketInodes([pid])).has(inode)) return pid
  return undefined
}

/** What /proc/<pid>/stat says of a process's family */
export interface ProcessFamily {
  readonly ppid: number
  readonly session: number
}

// The parent and session of a process; undefined when it is gone
export async function familyOf(pid: number): Promise<ProcessFamily | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  if (!stat) return undefined
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return { ppid: Number(fields[1]), session: Number(fields[3]) }
}

// Whether the process is the root or descends from it now (its parent chain read upward): a tree read earlier can miss a
// child forked during the read, which then looks detached
export async function descendsFrom(pid: number, rootPid: number): Promise<boolean> {
  for (let at: number | undefined = pid, hops = 0; at !== undefined && at > 1 && hops < 4096; hops++) {
    if (at === rootPid) return true
    at = (await familyOf(at))?.ppid
  }
  return false
}

// Every pid listed in /proc (in a sandbox: every process of its pid namespace)
export async function allPids(): Promise<number[]> {
  return (await readdir('/proc').catch(() => [] as string[])).map(Number).filter((pid) => Number.isInteger(pid) && pid > 0)
}
