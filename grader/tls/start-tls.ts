import { Duplex } from 'node:stream'
import type { Socket } from 'node:net'
import { TLSSocket, type SecureContext } from 'node:tls'

/** What a TLS server side needs: a default certificate, and one for the name the client asks for (ThrowawayCa) */
export interface TlsServerOptions {
  readonly secureContext: SecureContext
  readonly SNICallback: (name: string, done: (error: Error | null, context?: SecureContext) => void) => void
}

/** A handshake that went: the socket to talk over now, the version, and the name the client asked for (SNI) */
export interface TlsStarted {
  readonly socket: TLSSocket
  readonly protocol: string
  readonly servername: string | undefined
}

// Take the server side of a TLS handshake on a connection that spoke plain text until now. `early`: bytes the grader
// had already read past the last plain message (a client that starts its handshake without waiting for the go-ahead),
// given to TLS first. The problem, in words for the student, when the handshake does not complete in time
export function startTlsServer(socket: Socket, early: Buffer, options: TlsServerOptions, timeoutMs: number, signal: AbortSignal): Promise<TlsStarted | { problem: string }> {
  const tls = new TLSSocket(plainStream(socket, early), { isServer: true, ...options })
  return new Promise((resolve) => {
    let firstBytes: Buffer | undefined
    socket.once('data', (chunk: Buffer) => (firstBytes ??= chunk))
    if (early.length) firstBytes = early
    const timer = setTimeout(() => finish({ problem: `the TLS handshake did not complete within ${Math.round(timeoutMs / 100) / 10} s${plainTextSeen(firstBytes)}` }), timeoutMs)
    const onAbort = () => finish({ problem: 'the grading ended during the TLS handshake' })
    signal.addEventListener('abort', onAbort, { once: true })
    if (signal.aborted) onAbort()
    tls.once('secure', () => finish({ socket: tls, protocol: tls.getProtocol() ?? 'TLS', servername: typeof tls.servername === 'string' ? tls.servername : undefined }))
    tls.once('error', (error: NodeJS.ErrnoException) => finish({ problem: `the TLS handshake failed: ${handshakeError(error)}${plainTextSeen(firstBytes)}` }))
    // An alert that says why the client hung up can be reported just after the close: it is the better reason
    tls.once('close', () => setTimeout(() => finish({ problem: `the client closed the connection during the TLS handshake${plainTextSeen(firstBytes)}` }), 50))
    let finished = false
    function finish(result: TlsStarted | { problem: string }) {
      if (finished) return
      finished = true
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      tls.removeAllListeners('secure')
      if ('problem' in result) {
        tls.on('error', () => undefined)
        tls.destroy()
      }
      resolve(result)
    }
  })
}

// The plain connection as a stream TLS can wrap, the bytes already read first (a TLSSocket made straight over the
// socket would take its handle, and those bytes would be lost)
function plainStream(socket: Socket, early: Buffer): Duplex {
  const stream = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _encoding, done) => void socket.write(chunk, (error) => done(error ?? null)),
    final: (done) => {
      socket.end()
      done()
    },
    destroy: (error, done) => {
      socket.destroy()
      done(error)
    },
  })
  if (early.length) stream.push(early)
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause()
  })
  socket.on('end', () => stream.push(null))
  socket.on('error', (error) => stream.destroy(error))
  socket.on('close', () => stream.destroy())
  socket.resume()
  return stream
}

// An alert from the client, as a student reads it: most often a client that does not trust the certificate
function handshakeError(error: NodeJS.ErrnoException): string {
  const alert = /alert number (\d+)/.exec(error.message)?.[1]
  const alerts: Record<string, string> = {
    '42': 'the client refused the certificate (bad certificate)',
    '46': 'the client refused the certificate (certificate unknown)',
    '48': 'the client does not trust the certificate (unknown CA)',
    '70': 'the client asked for a TLS version the grader does not speak',
  }
  if (alert && alerts[alert]) return alerts[alert] as string
  if (/wrong version number|http request|unknown protocol/i.test(error.message)) return 'what came was not a TLS handshake'
  return error.code ?? error.message
}

// When the client's first bytes after the go-ahead were text, not a handshake: what they were
function plainTextSeen(bytes: Buffer | undefined): string {
  if (!bytes?.length || bytes[0] === 0x16) return ''
  const text = bytes.subarray(0, 40).toString('latin1')
  return /^[\x20-\x7e\r\n\t]+$/.test(text) ? ` (the client went on in plain text: ${JSON.stringify(text.split(/\r?\n/)[0])})` : ''
}
