import { MAX_KEPT_BYTES, openTcpConnection, type TcpConnection } from '../net/tcp.js'
import { exchangeDatagram } from '../net/udp.js'
import { targetUrl } from '../net/target.js'
import type { ServerProbeContext } from './probe.js'
import { preview } from './transcript.js'

/** A reply, or the reason there was none (in words for the student) */
// A one-message TCP reply is complete when the server closes; one that stays open gets this many idle pauses
const UNCLOSED_REPLY_PAUSES = 5

export type Answer = { readonly reply: Buffer } | { readonly problem: string }

// The bytes of one message as the assignment frames it: over TCP every message ends with \n (the line
// separator of multi-line sessions; on one-message connections it costs textbook servers nothing, since
// a trailing newline is trimmed from replies, and servers that read a line, as Java's readLine(), need it)
export function frame(ctx: ServerProbeContext<unknown>, message: string | Buffer): Buffer {
  const bytes = typeof message === 'string' ? Buffer.from(message) : message
  return ctx.assignment.transport === 'tcp' ? Buffer.concat([bytes, Buffer.from('\n')]) : bytes
}

// Send one message as a new client (a datagram, or a connection of its own) and wait for the reply
// (`replyOptional`: a reply is not required, so wait only briefly for one; `timeoutMs`: a shorter wait of the probe's own)
export async function askServer(ctx: ServerProbeContext<unknown>, message: string | Buffer, options: { replyOptional?: boolean; timeoutMs?: number } = {}): Promise<Answer> {
  const payload = frame(ctx, message)
  ctx.transcript.sent(preview(payload))
  const timeoutMs = options.timeoutMs ?? (options.replyOptional ? ctx.timing.replyIdleMs * 3 : ctx.timing.replyTimeoutMs)
  const answer = ctx.assignment.transport === 'udp' ? await askOverUdp(ctx, payload, timeoutMs) : await askOverTcp(ctx, payload, timeoutMs)
  if ('reply' in answer) ctx.transcript.received(preview(answer.reply))
  else ctx.transcript.note(answer.problem.split(/[:;] /)[0] as string)
  return answer
}

async function askOverUdp(ctx: ServerProbeContext<unknown>, payload: Buffer, timeoutMs: number): Promise<Answer> {
  const reply = await exchangeDatagram(ctx.server.target, payload, { timeoutMs, signal: ctx.signal })
  return reply ? { reply } : { problem: await noReply(ctx) }
}

async function askOverTcp(ctx: ServerProbeContext<unknown>, payload: Buffer, timeoutMs: number): Promise<Answer> {
  const connection = await connectToServer(ctx)
  if ('problem' in connection) return connection
  await connection.send(payload)
  const answer = await readAnswer(ctx, connection, timeoutMs)
  connection.end()
  return answer
}

// Open a TCP connection to the student server, or say in words why that failed
export async function connectToServer(ctx: ServerProbeContext<unknown>): Promise<TcpConnection | { problem: string }> {
  const result = await openTcpConnection(ctx.server.target, { timeoutMs: ctx.timing.replyTimeoutMs, signal: ctx.signal })
  if (!('error' in result)) return result
  const ended = await ctx.server.endedHow({ dying: true })
  return { problem: `Could not connect to ${targetUrl(ctx.server.target)}: ${result.error}${ended ? `; ${ended}` : ''}` }
}

// Read one reply on an open connection: a line for multi-line sessions; otherwise until the server closes
// the connection, as the assignment asks, or (for servers that keep it open) a long pause after the reply; a server
// that sends more than a connection keeps (MAX_KEPT_BYTES) fails at once
export async function readAnswer(ctx: ServerProbeContext<unknown>, connection: TcpConnection, timeoutMs = ctx.timing.replyTimeoutMs): Promise<Answer> {
  const line = ctx.assignment.session === 'multiline'
  const idleMs = line ? ctx.timing.replyIdleMs : ctx.timing.replyIdleMs * UNCLOSED_REPLY_PAUSES
  const read = await connection.read({ timeoutMs, idleMs, line, signal: ctx.signal })
  if (read.end === 'overflow') {
    ctx.transcript.received(preview(read.data))
    return { problem: `The server kept sending after ${MAX_KEPT_BYTES} bytes, far more than any reply, so the grader stopped reading` }
  }
  if (read.data.length > 0) return { reply: read.data }
  if (read.end === 'closed' || read.end === 'reset') {
    const ended = await ctx.server.endedHow({ dying: true })
    return { problem: `The server closed the connection without replying${ended ? `; ${ended}` : ''}` }
  }
  return { problem: await noReply(ctx) }
}

// A server that did not answer may be dying (a fork bomb still forking on a loaded machine): judged, as after a
// dropped connection, once it has settled, so that whether the crash is named does not hang on the load
async function noReply(ctx: ServerProbeContext<unknown>): Promise<string> {
  const ended = await ctx.server.endedHow({ dying: true })
  return ended ? `No reply: ${ended}` : 'No reply before the deadline'
}
