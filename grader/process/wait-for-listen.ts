import { createServer } from 'node:net'
import { createSocket } from 'node:dgram'
import { setTimeout as delay } from 'node:timers/promises'
import { markedProcesses } from './marked-processes.js'
import { boundSocketsOf, procAvailable, type BoundSocket } from './proc-sockets.js'
import type { ProgramExit, RunningProgram } from './start-program.js'

/** What became of a server while the grader waited for it to listen */
export type ListenOutcome =
  | { readonly kind: 'listening' }
  | { readonly kind: 'exited'; readonly exit: ProgramExit; readonly daemonized?: boolean }
  | { readonly kind: 'elsewhere'; readonly sockets: readonly BoundSocket[] }
  | { readonly kind: 'nothing' }

export interface WaitOptions {
  readonly port: number
  readonly transport: 'udp' | 'tcp'
  readonly timeoutMs: number
  /** The grading's process marker: after the server's first process exits, its marked descendants are watched */
  readonly marker?: string
}

// After a server binds some other port, give it this long to bind the right one too before reporting it
const ELSEWHERE_GRACE_MS = 250

// Wait until the server's process tree listens on the port, by watching its sockets, never by talking to it
// (a connect-and-close probe crashes some Java servers and uses up single-client ones)
export async function waitForListen(program: RunningProgram, options: WaitOptions): Promise<ListenOutcome> {
  const deadline = Date.now() + options.timeoutMs
  // Both transports are watched so that a server on the wrong one can be named
  const transports = ['udp', 'tcp'] as const
  let elsewhereSince: number | undefined
  let lastSeen: BoundSocket[] = []
  // /proc/net/tcp costs ~4 ms a read (the kernel walks every connection), udp ~30 µs: poll accordingly
  const pollMs = options.transport === 'tcp' ? 8 : 3
  for (let round = 0; ; round++) {
    if (program.exit) return exitedOrDaemonized(program.exit, options, deadline)
    if (procAvailable) {
      lastSeen = await boundSocketsOf(program.pid, transports, { withChildren: round % 10 === 9 })
      if (lastSeen.some((s) => s.port === options.port && s.transport === options.transport)) return { kind: 'listening' }
      if (lastSeen.length > 0) elsewhereSince ??= Date.now()
      if (elsewhereSince !== undefined && Date.now() - elsewhereSince > ELSEWHERE_GRACE_MS) return { kind: 'elsewhere', sockets: lastSeen }
    } else if (await portTaken(options.port, options.transport)) {
      return { kind: 'listening' }
    }
    if (Date.now() >= deadline) break
    await Promise.race([delay(pollMs), program.exited])
  }
  if (program.exit) return { kind: 'exited', exit: program.exit }
  return lastSeen.length ? { kind: 'elsewhere', sockets: lastSeen } : { kind: 'nothing' }
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

// Without /proc (macOS, Windows): the port is taken when the grader itself cannot bind it
function portTaken(port: number, transport: 'udp' | 'tcp'): Promise<boolean> {
  return new Promise((resolve) => {
    if (transport === 'tcp') {
      const server = createServer()
      server.once('error', () => resolve(true))
      server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(false)))
    } else {
      const socket = createSocket({ type: 'udp4', reuseAddr: false })
      socket.once('error', () => {
        socket.close()
        resolve(true)
      })
      socket.bind(port, '0.0.0.0', () => socket.close(() => resolve(false)))
    }
  })
}
