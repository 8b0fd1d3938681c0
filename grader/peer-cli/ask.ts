import type { Assignment } from '../assignments/assignment.js'
import { framedMessage, framingOf, unterminated } from '../assignments/framing.js'
import { inputsFor } from '../inputs/inputs.js'
import { MAX_KEPT_BYTES, openTcpConnection, type TcpConnection } from '../net/tcp.js'
import { exchangeDatagram } from '../net/udp.js'
import { targetUrl, type Target } from '../net/target.js'

// How long a reply may take, and the pause after which bytes on an open connection count as the whole reply
const REPLY_TIMEOUT_MS = 3000
const REPLY_IDLE_MS = 500

/** A reply, or in words why there was none */
export type PeerAnswer = { readonly reply: Buffer } | { readonly problem: string }

/** Asks a student server one sentence at a time, as the assignment's client would */
export interface ServerAsker {
  ask(sentence: string, signal: AbortSignal): Promise<PeerAnswer>
  close(): void
}

// A datagram per sentence (UDP); over TCP as the assignment frames its messages (framing.ts): a connection per
// sentence, or one connection for every message (lines, a terminator)
export function serverAsker(assignment: Assignment, target: Target): ServerAsker {
  const framing = framingOf(assignment)
  const { encode } = inputsFor(assignment)
  if (assignment.transport === 'udp') {
    return {
      ask: async (sentence, signal) => {
        const reply = await exchangeDatagram(target, encode(sentence), { timeoutMs: REPLY_TIMEOUT_MS, signal })
        return reply ? { reply } : { problem: `No reply within ${REPLY_TIMEOUT_MS / 1000} s: is your server running on ${targetUrl(target)}?` }
      },
      close: () => undefined,
    }
  }
  let shared: TcpConnection | undefined
  const oneConnection = !framing.perConnection
  return {
    ask: async (sentence, signal) => {
      let connection = oneConnection ? shared : undefined
      if (!connection || connection.closedByPeer) {
        const opened = await openTcpConnection(target, { timeoutMs: REPLY_TIMEOUT_MS, signal })
        if ('error' in opened) return { problem: connectProblem(opened.error, target) }
        connection = opened
        if (oneConnection) shared = opened
      }
      await connection.send(framedMessage(framing, encode(sentence)))
      if (framing.halfClose) connection.end()
      const until = oneConnection ? framing.terminator : undefined
      const read = await connection.read({ timeoutMs: REPLY_TIMEOUT_MS, idleMs: framing.halfClose ? undefined : REPLY_IDLE_MS, until, signal })
      if (!oneConnection) connection.end()
      if (read.end === 'overflow') return { problem: `The server kept sending after ${MAX_KEPT_BYTES} bytes` }
      if (read.data.length > 0) return { reply: unterminated(framing, read.data) }
      if (read.end === 'closed' || read.end === 'reset') return { problem: 'The server closed the connection without replying' }
      return { problem: `No reply within ${REPLY_TIMEOUT_MS / 1000} s` }
    },
    close: () => shared?.end(),
  }
}

function connectProblem(code: string, target: Target): string {
  if (code === 'ECONNREFUSED') return `Nothing is listening on ${targetUrl(target)} (connection refused): start your server, on this port`
  return `Cannot connect to ${targetUrl(target)}: ${code}`
}
