import { MAX_KEPT_BYTES } from '../net/tcp.js'
import { connectToServer } from '../probes/ask-server.js'
import type { ServerProbeContext } from '../probes/probe.js'
import { preview } from '../probes/transcript.js'
import { parseResponse, type HttpResponse } from './response.js'

// A response ends when the server closes; one that keeps the connection open is taken as whole after this many pauses
const OPEN_RESPONSE_PAUSES = 5

/** A response, or why there was none, in words for the student */
export type HttpAnswer = { readonly response: HttpResponse; readonly raw: Buffer } | { readonly problem: string }

// The request a browser sends for a path, closing after the response (the grader's Host names the server it asked)
export function getRequest(path: string, ctx: Pick<ServerProbeContext<unknown>, 'server'>): Buffer {
  const { host, port } = ctx.server.target
  return Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nUser-Agent: sockgrade\r\nAccept: */*\r\nConnection: close\r\n\r\n`)
}

// Send one request on a connection of its own and read the response until the server closes it
export async function askHttp(ctx: ServerProbeContext<unknown>, request: Buffer, options: { timeoutMs?: number } = {}): Promise<HttpAnswer> {
  const connection = await connectToServer(ctx)
  if ('problem' in connection) return connection
  ctx.transcript.sent(preview(request))
  await connection.send(request)
  const read = await connection.read({ timeoutMs: options.timeoutMs ?? ctx.timing.replyTimeoutMs, idleMs: ctx.timing.replyIdleMs * OPEN_RESPONSE_PAUSES, signal: ctx.signal })
  connection.end()
  if (read.data.length > 0) ctx.transcript.received(preview(read.data))
  if (read.end === 'overflow') return { problem: `the server kept sending after ${MAX_KEPT_BYTES} bytes, far more than the file, so the grader stopped reading` }
  if (read.data.length > 0) return { response: parseResponse(read.data), raw: read.data }
  const ended = await ctx.server.endedHow({ dying: true })
  if (read.end === 'closed' || read.end === 'reset') return { problem: `the server closed the connection without a response${ended ? `; ${ended}` : ''}` }
  return { problem: ended ? `no response: ${ended}` : 'no response before the deadline' }
}
