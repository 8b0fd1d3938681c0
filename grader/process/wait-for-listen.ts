import { createServer } from 'node:net'
import { createSocket } from 'node:dgram'
import { setTimeout as delay } from 'node:timers/promises'
import { boundSocketsOf, procAvailable, type BoundSocket } from './proc-sockets.js'
import type { ProgramExit, RunningProgram } from './start-program.js'

/** What became of a server while the grader waited for it to listen */
export type ListenOutcome =
  | { readonly kind: 'listening' }
  | { readonly kind: 'exited'; readonly exit: ProgramExit }
  | { readonly kind: 'elsewhere'; readonly sockets: readonly BoundSocket[] }
  | { readonly kind: 'nothing' }

export interface WaitOptions {
  readonly port: number
  readonly transport: 'udp' | 'tcp'
  readonly timeoutMs: number
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
    if (program.exit) return { kind: 'exited', exit: program.exit }
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
