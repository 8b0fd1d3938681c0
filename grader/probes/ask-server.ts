import { framedMessage, framingOf, unterminated } from '../assignments/framing.js'
import { MAX_KEPT_BYTES, openTcpConnection, type TcpConnection } from '../net/tcp.js'
import { exchangeDatagram } from '../net/udp.js'
import { targetUrl } from '../net/target.js'
import type { ServerProbeContext } from './probe.js'
import { preview } from './transcript.js'

// A one-message TCP reply is complete when the server closes; one that stays open gets this many idle pauses
const UNCLOSED_REPLY_PAUSES = 5

/** A reply, or the reason there was none (in words for the student) */
export type Answer = { readonly reply: Buffer } | { readonly problem: string }

// The bytes of one message as the assignment frames it (framing.ts): over TCP by default every message ends with
// \n (the line separator of multi-line sessions; on one-message connections it costs textbook servers nothing, since
// a trailing newline is trimmed from replies, and servers that read a line, as Java's readLine(), need it)
export function frame(ctx: ServerProbeContext<unknown>, message: string | Buffer): Buffer {
  return framedMessage(framingOf(ctx.assignment), typeof message === 'string' ? ctx.inputs.encode(message) : message)
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
  endMessage(ctx, connection)
  const answer = await readAnswer(ctx, connection, timeoutMs)
  connection.end()
  return answer
}

// After a whole message on a connection: until-close ends it by shutting down the grader's sending side (the reply
// is still read); other framings' terminators were in the message
export function endMessage(ctx: ServerProbeContext<unknown>, connection: TcpConnection): void {
  if (framingOf(ctx.assignment).halfClose) connection.end()
}

// Open a TCP connection to the student server, or say in words why that failed
export async function connectToServer(ctx: ServerProbeContext<unknown>): Promise<TcpConnection | { problem: string }> {
  const result = await openTcpConnection(ctx.server.target, { timeoutMs: ctx.timing.replyTimeoutMs, signal: ctx.signal })
  if (!('error' in result)) return result
  const ended = await ctx.server.endedHow({ dying: true })
  return { problem: `Could not connect to ${targetUrl(ctx.server.target)}: ${result.error}${ended ? `; ${ended}` : ''}` }
}

// Read one reply on an open connection, as the assignment frames it: through its terminator (a line by default on
// multi-line sessions); until the server closes the connection (until-close); or, one message per connection, until
// it closes as the assignment asks or (for servers that keep it open) a long pause after the reply. A server that
// sends more than a connection keeps (MAX_KEPT_BYTES) fails at once. The terminator is taken off a fixed one's reply
export async function readAnswer(ctx: ServerProbeContext<unknown>, connection: TcpConnection, timeoutMs = ctx.timing.replyTimeoutMs): Promise<Answer> {
  const framing = framingOf(ctx.assignment)
  const idleMs = framing.quietEnds ? ctx.timing.replyIdleMs * UNCLOSED_REPLY_PAUSES : framing.halfClose ? undefined : ctx.timing.replyIdleMs
  const until = framing.perConnection ? undefined : framing.terminator
  const read = await connection.read({ timeoutMs, idleMs, until, signal: ctx.signal })
  if (read.end === 'overflow') {
    ctx.transcript.received(preview(read.data))
    return { problem: `The server kept sending after ${MAX_KEPT_BYTES} bytes, far more than any reply, so the grader stopped reading` }
  }
  // A fixed terminator is what says the reply is whole: a reply without it is not one, whatever it holds
  if (framing.name === 'terminator' && read.data.length > 0 && read.end !== 'terminator') {
    ctx.transcript.received(preview(read.data))
    return { problem: `The reply did not end with ${JSON.stringify(framing.terminator?.toString())}, which ends every reply of this assignment` }
  }
  // until-close: the server's close is what ends the reply, as the reference's relay also requires
  if (framing.halfClose && read.data.length > 0 && read.end === 'timeout') {
    ctx.transcript.received(preview(read.data))
    return { problem: 'The server did not close the connection after its reply: in this assignment the reply ends when the server closes' }
  }
  if (read.data.length > 0) return { reply: unterminated(framing, read.data) }
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
