import { posix } from 'node:path'

/** One request a proxy sent the origin, read leniently (LF line ends, an absolute URI, HTTP/1.0 with no Host) */
export interface OriginRequest {
  /** The request line as sent */
  readonly line: string
  readonly method: string
  /** The request target as sent: `/page.html` or `http://www.example.org/page.html` */
  readonly target: string
  /** The host the request names: from an absolute URI, else the Host header; undefined when it names none */
  readonly host?: string
  /** The path it asks for, its query left out and its dot segments resolved as a server does (`/a/../b` is `/b`) */
  readonly path: string
  readonly headers: readonly (readonly [name: string, value: string])[]
  readonly body: Buffer
}

/** Where a request's header ends, and how long its body is, once its header is all there */
export interface RequestExtent {
  readonly headerBytes: number
  readonly bodyBytes: number
}

// The most of a body the origin reads (a POST in a check is a short form)
export const MAX_BODY_BYTES = 64 * 1024

// The header's end (CR LF CR LF or LF LF) and the body's length from Content-Length; undefined while the header is not whole
export function requestExtent(data: Buffer): RequestExtent | undefined {
  const crlf = data.indexOf('\r\n\r\n')
  const lf = data.indexOf('\n\n')
  const [at, width] = crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : lf >= 0 ? [lf, 2] : [-1, 0]
  if (at < 0) return undefined
  const length = /^content-length:[ \t]*(\d+)[ \t]*\r?$/im.exec(data.subarray(0, at).toString('latin1'))
  return { headerBytes: at + width, bodyBytes: Math.min(MAX_BODY_BYTES, length ? Number(length[1]) : 0) }
}

// Read a request from what arrived: the header (whole or not, when the connection ended early) and the body after it
export function parseRequest(data: Buffer): OriginRequest {
  const extent = requestExtent(data)
  const head = (extent ? data.subarray(0, extent.headerBytes) : data).toString('latin1')
  const lines = head.split('\n').map((l) => l.replace(/\r$/, ''))
  const line = lines.find((l) => l.trim() !== '') ?? ''
  const [method = '', target = ''] = line.trim().split(/\s+/)
  const headers = lines.slice(lines.indexOf(line) + 1).flatMap((l) => {
    const colon = l.indexOf(':')
    return colon > 0 ? [[l.slice(0, colon).trim(), l.slice(colon + 1).trim()] as const] : []
  })
  const absolute = /^https?:\/\/([^/?#]*)(.*)$/i.exec(target)
  const hostHeader = headers.find(([name]) => name.toLowerCase() === 'host')?.[1]
  const host = absolute?.[1] || hostHeader || undefined
  const rawPath = absolute ? absolute[2] || '/' : target
  const body = extent ? data.subarray(extent.headerBytes, extent.headerBytes + extent.bodyBytes) : Buffer.alloc(0)
  return { line, method, target, ...(host ? { host } : {}), path: resolvedPath(rawPath), headers, body }
}

// The path part of a target with its dot segments resolved, never above the root
function resolvedPath(target: string): string {
  const path = target.split(/[?#]/)[0] ?? ''
  return path.startsWith('/') ? posix.normalize(path) : path
}
