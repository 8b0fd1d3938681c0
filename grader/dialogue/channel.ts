import { framedMessage, unterminated, type Framing } from '../assignments/framing.js'
import { MAX_KEPT_BYTES, openTcpConnection, type TcpConnection } from '../net/tcp.js'
import type { Target } from '../net/target.js'
import { openUdpClient, type UdpClient } from '../net/udp.js'
import type { TlsServerOptions } from '../tls/start-tls.js'

/** The next message of a conversation, or why there was none (in words for the student) */
export type Heard = { readonly message: Buffer } | { readonly problem: string; readonly partial?: Buffer; readonly closed?: boolean }

/** One conversation with a student server, messages framed as the assignment frames them */
export interface Channel {
  send(message: Buffer): Promise<void>
  // The next whole message, waiting at most `timeoutMs`
  receive(timeoutMs: number, signal: AbortSignal): Promise<Heard>
  // Wait `ms` and say whether the other side sent anything meanwhile (or before), leaving it to be read
  hold(ms: number, signal: AbortSignal): Promise<boolean>
  // Take the server side of a TLS handshake (a client dialogue's start-tls step); absent where TLS cannot start
  startTls?(options: TlsServerOptions, timeoutMs: number, signal: AbortSignal): Promise<{ protocol: string; servername: string | undefined } | { problem: string }>
  close(): void
}

// Open a conversation: a UDP socket of its own (a datagram each way), or one TCP connection whose messages end with
// the framing's terminator; under until-close the one message sent ends with the grader's half-close
export async function openChannel(target: Target, framing: Framing, options: { timeoutMs: number; signal: AbortSignal }): Promise<Channel | { problem: string }> {
  if (framing.name === 'datagram') return udpChannel(await openUdpClient(target))
  const opened = await openTcpConnection(target, options)
  if ('error' in opened) return { problem: `Could not connect: ${opened.error}` }
  return tcpChannel(opened, framing)
}

function udpChannel(client: UdpClient): Channel {
  return {
    send: (message) => client.send(message),
    receive: async (timeoutMs, signal) => {
      const datagram = await client.receive(timeoutMs, signal)
      return datagram ? { message: datagram } : { problem: `no datagram within ${seconds(timeoutMs)}` }
    },
    // The schema's rules keep hold-ms to TCP dialogues (load.ts): a datagram has no stream to look ahead in
    hold: async () => false,
    close: () => client.close(),
  }
}

// A conversation over a TCP connection, either end's (the grader's server plays a client dialogue over an accepted one)
export function tcpChannel(connection: TcpConnection, framing: Framing, peer: 'server' | 'client' = 'server'): Channel {
  return {
    send: async (message) => {
      await connection.send(framedMessage(framing, message))
      if (framing.halfClose) connection.end()
    },
    receive: async (timeoutMs, signal) => {
      const until = framing.halfClose ? undefined : framing.terminator
      const read = await connection.read({ timeoutMs, until, signal })
      if (read.end === 'overflow') return { problem: `more than ${MAX_KEPT_BYTES} bytes without an end`, partial: read.data }
      if (read.end === 'terminator') return { message: unterminated(framing, read.data) }
      // until-close: the server's close ends the message
      if (read.end === 'closed' && framing.halfClose && read.data.length > 0) return { message: read.data }
      const end = framing.name === 'lines' ? 'a newline' : framing.terminator ? JSON.stringify(framing.terminator.toString()) : 'the end of the connection'
      if (read.end === 'closed' || read.end === 'reset') return { problem: read.data.length ? `the ${peer} closed the connection before ${end}` : `the ${peer} closed the connection`, partial: read.data, closed: true }
      // The start of a message that may still be completing: the next step reads it whole (an optional step gave up)
      connection.putBack(read.data)
      return { problem: read.data.length ? `no ${framing.name === 'lines' ? 'newline' : end} within ${seconds(timeoutMs)}` : `nothing within ${seconds(timeoutMs)}`, partial: read.data }
    },
    hold: async (ms, signal) => {
      // No terminator and no idle end: the read lasts the whole hold (or until a close), and gives back what came
      const read = await connection.read({ timeoutMs: ms, signal })
      connection.putBack(read.data)
      return read.data.length > 0
    },
    startTls: (options, timeoutMs, signal) => connection.startTls(options, timeoutMs, signal),
    close: () => connection.end(),
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`
}
