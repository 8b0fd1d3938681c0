import { readFile, readdir, readlink } from 'node:fs/promises'
import { existsSync } from 'node:fs'

/** A socket bound by a process of the tree */
export interface BoundSocket {
  readonly transport: 'udp' | 'tcp'
  readonly port: number
}

// /proc exists on Linux only; elsewhere readiness falls back to bind probing
export const procAvailable = existsSync('/proc/self/net/udp')

// Every pid whose ancestry leads to rootPid (found by parent pid in /proc/*/stat: task children lists are absent here)
export async function processTree(rootPid: number): Promise<number[]> {
  const parents = new Map<number, number[]>()
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    const pid = Number(name)
    if (!Number.isInteger(pid)) continue
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    if (!parents.has(ppid)) parents.set(ppid, [])
    parents.get(ppid)?.push(pid)
  }
  const tree = [rootPid]
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i] as number) ?? []))
  return tree
}

async function socketInodes(pids: readonly number[]): Promise<Set<string>> {
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
async function readTable(pid: number, table: string, transport: 'udp' | 'tcp'): Promise<Map<string, BoundSocket>> {
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

// True when the process has exited but the exit may not have been reported yet (zombie or gone)
export async function hasExited(pid: number): Promise<boolean> {
  if (!procAvailable) return false
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  return stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
}
