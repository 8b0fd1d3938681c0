import { connect, type Socket } from 'node:net'
import { startTlsServer, type TlsServerOptions } from '../tls/start-tls.js'
import { ReceivedBytes } from './received-bytes.js'
import type { Target } from './target.js'

/** How a read from a student server ended (`overflow`: it sent more than a connection keeps, and was cut off) */
export type ReadEnd = 'closed' | 'terminator' | 'idle' | 'timeout' | 'reset' | 'overflow'

// What a connection keeps unread: far above any correct reply (textbook servers answer one recv(1024)), and a
// server that streams without end is cut off here instead of being read into memory for as long as it sends
export const MAX_KEPT_BYTES = 64 * 1024

export interface TcpRead {
  readonly data: Buffer
  readonly end: ReadEnd
}

/** One grader-side TCP connection to a student server */
export interface TcpConnection {
  send(payload: Buffer): Promise<void>
  /**
   * Read until the server closes the connection, or (with `until`) through the first such terminator,
   * or until `idleMs` pass without new data once something arrived, or until the timeout; more than
   * MAX_KEPT_BYTES unread ends it at once (`overflow`, the connection dropped, the first MAX_KEPT_BYTES returned)
   */
  read(options: { timeoutMs: number; idleMs?: number; until?: Buffer; signal: AbortSignal }): Promise<TcpRead>
  // Close the connection: normally (FIN) while the server keeps it open; by a reset once the server has closed
  // its side, which spares the server's port the 60 s TIME_WAIT that would stop a restart on the same port
  end(): void
  // Abort the connection (RST), as a crashed client would
  reset(): void
  // Put bytes a read returned back in front of the next read (a message that was not whole when a wait gave up)
  putBack(data: Buffer): void
  readonly closedByPeer: boolean
  /** The grader's own port on this connection */
  readonly localPort: number
  // Take the server side of a TLS handshake here (STARTTLS): from then on every read and send is over TLS. The
  // version and the name the client asked for, or why it failed (in words for the student: the connection is dropped)
  startTls(options: TlsServerOptions, timeoutMs: number, signal: AbortSignal): Promise<{ protocol: string; servername: string | undefined } | { problem: string }>
}

/** Why a connection could not be made */
export interface ConnectFailure {
  readonly error: string
}

// Connect to the target; resolves with a connection or the error code (ECONNREFUSED, ETIMEDOUT ...)
export function openTcpConnection(target: Target, options: { timeoutMs: number; signal: AbortSignal }): Promise<TcpConnection | ConnectFailure> {
  return new Promise((resolve) => {
    // Half-open allowed: Node would otherwise answer the server's FIN with its own at once, and the server's port
    // would sit in TIME_WAIT; the grader closes (by a reset) when it is done reading
    const socket = connect({ host: target.host, port: target.port, noDelay: true, allowHalfOpen: true })
    const timer = setTimeout(() => fail('ETIMEDOUT'), options.timeoutMs)
    const onAbort = () => fail('ETIMEDOUT')
    options.signal.addEventListener('abort', onAbort, { once: true })
    function fail(error: string) {
      clearTimeout(timer)
      options.signal.removeEventListener('abort', onAbort)
      socket.destroy()
      resolve({ error })
    }
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message))
    socket.once('connect', () => {
      clearTimeout(timer)
      options.signal.removeEventListener('abort', onAbort)
      socket.removeAllListeners('error')
      resolve(tcpConnectionOver(socket))
    })
  })
}

// A connection over a socket already open (one the grader's own server accepted, too): reads capped, as above
export function tcpConnectionOver(plain: Socket): TcpConnection {
  const received = new ReceivedBytes(MAX_KEPT_BYTES)
  let socket = plain
  let closed = false
  let reset = false
  let overflowed = false
  let wake: (() => void) | undefined
  const onData = (chunk: Buffer) => {
    if (overflowed) return
    if (!received.push(chunk)) {
      // Past the cap: stop reading and drop the connection (a reset: nothing more is wanted from it)
      overflowed = true
      socket.pause()
      plain.resetAndDestroy()
    }
    wake?.()
  }
  const onEnd = () => {
    closed = true
    wake?.()
  }
  const onError = () => {
    reset = true
    closed = true
    wake?.()
  }
  const listen = (target: Socket, on: boolean) => {
    const method = on ? 'on' : 'off'
    target[method]('data', onData)
    target[method]('end', onEnd)
    target[method]('close', onEnd)
    target[method]('error', onError)
  }
  listen(plain, true)
  return {
    localPort: socket.localPort ?? 0,
    get closedByPeer() {
      return closed
    },
    send: (payload) =>
      new Promise((resolve) => {
        if (socket.destroyed) return resolve()
        socket.write(payload, () => resolve())
      }),
    read: async ({ timeoutMs, idleMs, until, signal }) => {
      const deadline = Date.now() + timeoutMs
      let lastGrowth = Date.now()
      let lastLength = received.length
      for (;;) {
        if (until) {
          const at = received.indexOf(until)
          if (at >= 0) return { data: received.take(at + until.length), end: 'terminator' }
        }
        if (overflowed) return { data: received.take(received.length), end: 'overflow' }
        if (closed) return { data: received.take(received.length), end: reset && received.length === 0 ? 'reset' : 'closed' }
        if (received.length !== lastLength) {
          lastLength = received.length
          lastGrowth = Date.now()
        }
        const now = Date.now()
        if (idleMs !== undefined && received.length > 0 && now - lastGrowth >= idleMs) return { data: received.take(received.length), end: 'idle' }
        if (now >= deadline || signal.aborted) return { data: received.take(received.length), end: 'timeout' }
        const waitMs = Math.min(deadline - now, idleMs !== undefined && received.length > 0 ? idleMs - (now - lastGrowth) : deadline - now)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.max(1, waitMs))
          signal.addEventListener('abort', done, { once: true })
          function done() {
            clearTimeout(timer)
            signal.removeEventListener('abort', done)
            wake = undefined
            resolve()
          }
          wake = done
        })
      }
    },
    end: () => (closed ? plain.resetAndDestroy() : socket.end()),
    reset: () => plain.resetAndDestroy(),
    putBack: (data) => received.unshift(data),
    startTls: async (options, timeoutMs, signal) => {
      // One handshake per connection (the loader allows one start-tls step, outside any repeat)
      if (socket !== plain) return { problem: 'TLS was already started on this connection' }
      listen(plain, false)
      plain.on('error', () => undefined)
      const started = await startTlsServer(plain, received.take(received.length), options, timeoutMs, signal)
      if ('problem' in started) {
        closed = true
        plain.resetAndDestroy()
        return started
      }
      socket = started.socket
      listen(socket, true)
      return { protocol: started.protocol, servername: started.servername }
    },
  }
}
