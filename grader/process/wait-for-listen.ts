import { createServer } from 'node:net'
import { createSocket } from 'node:dgram'
import { setTimeout as delay } from 'node:timers/promises'
import { cpuWaitMs } from './cpu-wait.js'
import { markedProcesses } from './marked-processes.js'
import { allPids, boundSocketsOf, descendsFrom, familyOf, hasExited, holderOf, namespaceSockets, procAvailable, processState, processTree, type BoundSocket } from './proc-sockets.js'
import type { ProgramExit, RunningProgram } from './start-program.js'

/** A process outside the server's own process tree that holds its listening socket */
export interface DetachedListener {
  readonly pid: number
  /** `daemonized`: it left the server's session (double fork and setsid); `orphaned`: its parent exited */
  readonly how: 'daemonized' | 'orphaned'
}

/** What became of a server while the grader waited for it to listen */
export type ListenOutcome =
  | { readonly kind: 'listening'; readonly detached?: DetachedListener }
  | { readonly kind: 'exited'; readonly exit: ProgramExit; readonly daemonized?: boolean }
  | { readonly kind: 'elsewhere'; readonly sockets: readonly BoundSocket[] }
  | { readonly kind: 'nothing'; readonly leaderExit?: ProgramExit }

export interface WaitOptions {
  readonly port: number
  readonly transport: 'udp' | 'tcp'
  readonly timeoutMs: number
  /** The grading's process marker: processes of the grading that left the server's tree are found by it */
  readonly marker?: string
  /**
   * `namespace`: the grader runs in the submission's own network namespace (a sandbox), so every socket there but
   * the grader's own is the submission's, whichever process holds it. `tree` (default): the server's process tree
   */
  readonly scope?: 'tree' | 'namespace'
}

// After a server binds some other port, give it this long to bind the right one too before reporting it
const ELSEWHERE_GRACE_MS = 250
// How long a server that has bound its port may run before it sleeps waiting for clients (see settledListening)
const LISTEN_SETTLE_MS = 100
// How long a detached listener's starter gets to exit before it counts as a server that forked and stayed (a bound,
// not a pause: a starter that exits ends it; 250 ms was too short for a room's Python exit on a loaded machine)
const DAEMON_STARTER_EXIT_MS = 1000
// How long the exit of a first process already gone may take to be reported
const EXIT_REPORT_MS = 2000
// Looking further than the first process (its tree, marked processes) costs a /proc scan: every tenth round
const WIDE_LOOK_EVERY = 10
// The start deadline is stretched by the time the server waited for a CPU, up to this many times its own length more
const START_CPU_WAIT_STRETCH = 2
// A stretched deadline is looked at again no sooner than this (each look reads the process table)
const STRETCH_RECHECK_MS = 200

// Wait until the server listens on the port, by watching sockets, never by talking to it (a connect-and-close
// probe crashes some Java servers and uses up single-client ones)
export async function waitForListen(program: RunningProgram, options: WaitOptions): Promise<ListenOutcome> {
  const startedAt = Date.now()
  let deadline = startedAt + options.timeoutMs
  // Both transports are watched so that a server on the wrong one can be named
  const transports = ['udp', 'tcp'] as const
  let elsewhereSince: number | undefined
  let lastSeen: readonly BoundSocket[] = []
  // /proc/net/tcp costs ~4 ms a read on a busy host (the kernel walks every connection), udp ~30 µs: poll accordingly
  const pollMs = options.transport === 'tcp' ? 8 : 3
  for (let round = 0; ; round++) {
    // A program started with `family` has ended only when every process of it has: no daemon is left to wait for
    if (program.exit) return program.leaderExit === undefined ? exitedOrDaemonized(program.exit, options, deadline) : { kind: 'exited', exit: program.exit }
    if (procAvailable) {
      const wide = round % WIDE_LOOK_EVERY === WIDE_LOOK_EVERY - 1
      const seen = options.scope === 'namespace' ? await inNamespace(program, options) : await inTree(program.pid, options, wide)
      if (seen.listening) return seen.listening.detached ? detachedOrDaemonized(program, seen.listening) : settledListening(program, seen.listening, options, deadline)
      lastSeen = seen.sockets
      if (lastSeen.length > 0) elsewhereSince ??= Date.now()
      if (elsewhereSince !== undefined && Date.now() - elsewhereSince > ELSEWHERE_GRACE_MS) return { kind: 'elsewhere', sockets: lastSeen }
    } else if (await portTakenAnywhere(options.port, options.transport)) {
      return { kind: 'listening' }
    }
    if (Date.now() >= deadline) {
      deadline = await stretchedDeadline(program, options, startedAt)
      if (Date.now() >= deadline) break
    }
    await Promise.race([delay(pollMs), program.exited])
  }
  if (program.exit) return { kind: 'exited', exit: program.exit }
  if (lastSeen.length) return { kind: 'elsewhere', sockets: lastSeen }
  return program.leaderExit ? { kind: 'nothing', leaderExit: program.leaderExit } : { kind: 'nothing' }
}

// The start deadline counts the server's own time: what it spent waiting for a CPU on a loaded machine is added, within
// a bound, so that whether a slow start listened in time does not hang on the load. A server asleep (in input(), in
// sleep()) waits for no CPU and gets nothing more
async function stretchedDeadline(program: RunningProgram, options: WaitOptions, startedAt: number): Promise<number> {
  const root = options.scope === 'namespace' ? program.starterPid() : program.pid
  const waited = root === undefined ? 0 : await cpuWaitMs(root)
  const latest = startedAt + options.timeoutMs * (1 + START_CPU_WAIT_STRETCH)
  const stretched = startedAt + options.timeoutMs + waited
  return stretched <= Date.now() ? stretched : Math.min(latest, Math.max(stretched, Date.now() + STRETCH_RECHECK_MS))
}

interface Seen {
  readonly listening?: Extract<ListenOutcome, { kind: 'listening' }>
  readonly sockets: readonly BoundSocket[]
}

// One read of the namespace's socket tables; who holds the socket is looked up only once it is there. The first
// process is asked for then, not before the read: on a loaded machine it may start and bind during the read. Without
// one, whatever holds the socket is detached only once the first process's end is known; until then it is not yet
// known who holds it (a first process is found through the room's status line, which a loaded worker reads late)
async function inNamespace(program: RunningProgram, options: WaitOptions): Promise<Seen> {
  const sockets = await namespaceSockets(['udp', 'tcp'])
  const found = sockets.find((s) => s.port === options.port && s.transport === options.transport)
  const others = (socket?: BoundSocket) => sockets.filter((s) => s !== socket).map(({ transport, port }) => ({ transport, port }))
  if (!found) return { sockets: others() }
  const rootPid = program.starterPid()
  if (rootPid === undefined && !starterEnded(program)) return { sockets: others(found) }
  const tree = rootPid === undefined ? [] : await processTree(rootPid)
  if ((await holderOf(found.inode, tree)) !== undefined) return { listening: { kind: 'listening' }, sockets }
  const outside = (await allPids()).filter((pid) => !tree.includes(pid) && pid !== process.pid)
  const holder = await holderOf(found.inode, outside)
  if (holder === undefined || (rootPid !== undefined && (await descendsFrom(holder, rootPid)))) return { listening: { kind: 'listening' }, sockets }
  return { listening: { kind: 'listening', detached: await detachment(holder, rootPid) }, sockets }
}

// The server's first process and (every few rounds) its whole tree and the grading's marked processes
async function inTree(rootPid: number, options: WaitOptions, wide: boolean): Promise<Seen> {
  const sockets = await boundSocketsOf(rootPid, ['udp', 'tcp'], { withChildren: wide })
  if (sockets.some((s) => s.port === options.port && s.transport === options.transport)) return { listening: { kind: 'listening' }, sockets }
  if (wide && options.marker) {
    const tree = new Set(await processTree(rootPid))
    for (const pid of await markedProcesses(options.marker)) {
      if (tree.has(pid)) continue
      const theirs = await boundSocketsOf(pid, [options.transport], { withChildren: false })
      if (!theirs.some((s) => s.port === options.port)) continue
      // Forked by the server after the tree was read: still the server's own
      if (await descendsFrom(pid, rootPid)) return { listening: { kind: 'listening' }, sockets }
      return { listening: { kind: 'listening', detached: await detachment(pid, rootPid) }, sockets }
    }
  }
  return { sockets }
}

async function detachment(pid: number, rootPid: number | undefined): Promise<DetachedListener> {
  const [theirs, root] = [await familyOf(pid), rootPid === undefined ? undefined : await familyOf(rootPid)]
  return { pid, how: theirs && root && theirs.session !== root.session ? 'daemonized' : 'orphaned' }
}

// A server that binds and then exits at once was, or was not, seen listening depending on the machine's load. Once
// the socket is there, wait (briefly) until the server sleeps, as one waiting for clients does: one that exits
// instead is a server that stopped. A server that keeps running without sleeping is taken as listening after the wait
async function settledListening(program: RunningProgram, listening: ListenOutcome, options: WaitOptions, deadline: number): Promise<ListenOutcome> {
  const until = Date.now() + LISTEN_SETTLE_MS
  for (;;) {
    if (program.exit) return exitedOrDaemonized(program.exit, options, deadline)
    const starter = program.starterPid()
    const state = starter === undefined ? '' : await processState(starter)
    if (state === 'S' || Date.now() >= until) break
    if (state === 'Z' || state === '') {
      // Exited: its exit is reported within moments
      await Promise.race([program.exited, delay(LISTEN_SETTLE_MS)])
      if (program.exit) return exitedOrDaemonized(program.exit, options, deadline)
      break
    }
    await delay(1)
  }
  return listening
}

// A detached listener whose starter has exited (or is exiting) is a daemon: the server's own process is gone, so there
// is nothing left to grade as the server (the exit may not be reported yet: ask the kernel, then wait for it)
async function detachedOrDaemonized(program: RunningProgram, listening: Extract<ListenOutcome, { kind: 'listening' }>): Promise<ListenOutcome> {
  // A daemon often binds before its starter has finished exiting (Python's shutdown takes a few ms): give it a moment
  const until = Date.now() + DAEMON_STARTER_EXIT_MS
  while (!starterEnded(program) && !(await starterGone(program)) && Date.now() < until) await delay(5)
  if (!starterEnded(program) && !(await starterGone(program))) return listening
  // The first process is gone: its exit is known at once with `family`, soon otherwise (in a room it comes through
  // the room's pid 1 and launcher, later on a loaded machine): wait for the report, within a bound
  let exit = starterEnded(program)
  for (const until = Date.now() + EXIT_REPORT_MS; !exit && Date.now() < until; exit = starterEnded(program)) await Promise.race([program.exited, delay(5)])
  if (!exit) return listening
  return exit.exitCode === 0 ? { kind: 'exited', exit, daemonized: true } : { kind: 'exited', exit }
}

// The kernel says the program's first process has ended (in a room: its pid 2, not the launcher, whose own exit may
// come later on a loaded machine)
export async function starterGone(program: RunningProgram): Promise<boolean> {
  const starter = program.starterPid()
  return starter === undefined || (await hasExited(starter))
}

function starterEnded(program: RunningProgram): ProgramExit | undefined {
  return program.leaderExit ?? program.exit
}

// A first process that exits with 0 may have left a daemon behind: it is found by the marker in its environment
async function exitedOrDaemonized(exit: ProgramExit, options: WaitOptions, deadline: number): Promise<ListenOutcome> {
  if (exit.exitCode !== 0 || !options.marker) return { kind: 'exited', exit }
  while (Date.now() < deadline) {
    const pids = await markedProcesses(options.marker)
    if (pids.length === 0) break
    for (const pid of pids) {
      const sockets = await boundSocketsOf(pid, [options.transport], { withChildren: false })
      if (sockets.some((s) => s.port === options.port)) return { kind: 'exited', exit, daemonized: true }
    }
    await delay(options.transport === 'tcp' ? 8 : 3)
  }
  return { kind: 'exited', exit }
}

// Without /proc (macOS, Windows): the port is taken when the grader itself cannot bind it. Node's TCP bind sets
// SO_REUSEADDR, and under BSD's rules (macOS) that lets a wildcard bind succeed beside a TCP server bound to
// 127.0.0.1 ('localhost'), which only a bind to 127.0.0.1 itself finds. UDP binds without it: the wildcard alone,
// since every probe bind is a moment in which the server's own bind fails
async function portTakenAnywhere(port: number, transport: 'udp' | 'tcp'): Promise<boolean> {
  if (await portTaken(port, transport, '0.0.0.0')) return true
  return transport === 'tcp' && (await portTaken(port, transport, '127.0.0.1'))
}

function portTaken(port: number, transport: 'udp' | 'tcp', host: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (transport === 'tcp') {
      const server = createServer()
      server.once('error', () => resolve(true))
      server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(false)))
    } else {
      const socket = createSocket({ type: 'udp4', reuseAddr: false })
      socket.once('error', () => {
        socket.close()
        resolve(true)
      })
      socket.bind(port, host, () => socket.close(() => resolve(false)))
    }
  })
}
