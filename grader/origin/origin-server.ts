import { createServer, type Server, type Socket } from 'node:net'
import { originPage, postedPage, siteOf, type OriginSpec } from './origin-pages.js'
import { parseRequest, requestExtent, type OriginRequest } from './origin-request.js'

/** A request as the origin logged it: what it asked for, for which site, and the status it got */
export interface OriginHit extends OriginRequest {
  /** The site the page was served for: the request's host, else the origin's default host */
  readonly site: string
  readonly status: number
  /** The header never ended: the origin answered 400 after waiting */
  readonly incomplete?: true
}

/** The grader's origin server while it runs: what it was asked, and how to stop it */
export interface Origin {
  readonly port: number
  /** Every request so far, in order */
  readonly requests: readonly OriginHit[]
  /** How many requests asked for a path on a host's site */
  hits(host: string, path: string): number
  /** The bytes of a page on a host's site in this grading, undefined for a path the origin does not have */
  page(host: string, path: string): Buffer | undefined
  close(): Promise<void>
}

export interface OriginOptions {
  readonly spec: OriginSpec
  readonly seed: number
  /** The port to listen on (0: any free one) and the address (127.0.0.1 unless given) */
  readonly port: number
  readonly host?: string
  /** How long a request's header may take to arrive whole */
  readonly requestMs?: number
  /** Called with each request as it is answered (sockgrade peer prints them) */
  readonly onRequest?: (hit: OriginHit) => void
}

// A proxy's header takes a moment after it connects; one that never ends gets 400 after this
const REQUEST_MS = 5000
// The most a request may send before the origin stops reading it
const MAX_REQUEST_BYTES = 128 * 1024

// Serve the spec's pages for every site: 200 with the site's seeded bytes, 404 for other paths, one request per
// connection (Connection: close), and log every request. Rejects when the port cannot be had
export async function startOrigin(options: OriginOptions): Promise<Origin> {
  const requests: OriginHit[] = []
  const sockets = new Set<Socket>()
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    serveOne(socket, options, (hit) => {
      requests.push(hit)
      options.onRequest?.(hit)
    })
  })
  await listen(server, options.port, options.host ?? '127.0.0.1')
  const address = server.address()
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    requests,
    hits: (host, path) => requests.filter((r) => r.site === siteOf(host) && r.path === path).length,
    page: (host, path) => originPage(options.spec, options.seed, host, path),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

// Read one request (its header, and a body as long as Content-Length says), answer it, close
function serveOne(socket: Socket, options: OriginOptions, log: (hit: OriginHit) => void): void {
  let data = Buffer.alloc(0)
  let answered = false
  const timer = setTimeout(() => answer(true), options.requestMs ?? REQUEST_MS)
  const answer = (incomplete: boolean) => {
    if (answered) return
    answered = true
    clearTimeout(timer)
    if (data.length === 0) return void socket.destroy()
    const request = parseRequest(data)
    const site = siteOf(request.host ?? options.spec['default-host'])
    const page = incomplete ? undefined : request.method === 'POST' ? postBody(options, request) : originPage(options.spec, options.seed, site, request.path)
    const status = incomplete ? 400 : page ? 200 : 404
    log({ ...request, site, status, ...(incomplete ? { incomplete: true as const } : {}) })
    socket.end(response(status, page ?? errorPage(status, request.path)))
  }
  socket.on('data', (chunk: Buffer) => {
    data = Buffer.concat([data, chunk]).subarray(0, MAX_REQUEST_BYTES)
    const extent = requestExtent(data)
    if (extent && data.length >= extent.headerBytes + extent.bodyBytes) answer(false)
    else if (data.length >= MAX_REQUEST_BYTES) answer(true)
  })
  // A proxy that shuts down its side after the request line: answered with what came
  socket.on('end', () => answer(!requestExtent(data) && !/\r?\n/.test(data.toString('latin1'))))
  socket.on('error', () => undefined)
  socket.on('close', () => clearTimeout(timer))
}

// A POST to a page the site has is answered with what was posted
function postBody(options: OriginOptions, request: OriginRequest): Buffer | undefined {
  return originPage(options.spec, options.seed, options.spec['default-host'], request.path) ? postedPage(request.body) : undefined
}

function response(status: number, body: Buffer): Buffer {
  const reason = status === 200 ? 'OK' : status === 404 ? 'Not Found' : 'Bad Request'
  const head = `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`
  return Buffer.concat([Buffer.from(head), body])
}

function errorPage(status: number, path: string): Buffer {
  const what = status === 404 ? `404 Not Found: this site has no ${escapeHtml(path)}` : '400 Bad Request: the request did not end with a blank line'
  return Buffer.from(`<!DOCTYPE html><html><body><h1>${what}</h1></body></html>`)
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
