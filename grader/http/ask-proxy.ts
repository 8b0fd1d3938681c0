import { InternalError } from '../errors.js'
import type { Origin } from '../origin/origin-server.js'
import type { ServerProbeContext } from '../probes/probe.js'
import { askHttp, type HttpAnswer } from './ask-http.js'

/** How the browser names the page to the proxy: the handout's `/host/path`, or a configured browser's `http://host/path` */
export type ProxyForm = 'path' | 'absolute'

/** One browser request to a proxy, with what it is for */
export interface ProxyAsk {
  readonly host: string
  /** The path on the host, `/page.html` */
  readonly path: string
  readonly form?: ProxyForm
  readonly method?: 'GET' | 'POST'
  readonly body?: Buffer
}

// The request line's target: the handout types the host after the proxy's address (`/www.example.org/page.html`)
export function proxyTarget(ask: ProxyAsk): string {
  return ask.form === 'absolute' ? `http://${ask.host}${ask.path}` : `/${ask.host}${ask.path}`
}

// The request a browser sends the proxy: Host names the proxy in the handout's form, the site in the absolute form
export function proxyRequest(ask: ProxyAsk, ctx: Pick<ServerProbeContext<unknown>, 'server'>): Buffer {
  const { host, port } = ctx.server.target
  const method = ask.method ?? 'GET'
  const body = ask.body ?? Buffer.alloc(0)
  const named = ask.form === 'absolute' ? ask.host : `${host}:${port}`
  const form = method === 'POST' ? `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n` : ''
  const head = `${method} ${proxyTarget(ask)} HTTP/1.1\r\nHost: ${named}\r\nUser-Agent: sockgrade\r\nAccept: */*\r\n${form}Connection: close\r\n\r\n`
  return Buffer.concat([Buffer.from(head), body])
}

// Send one browser request to the proxy and read its response until the proxy closes the connection
export function askProxy(ctx: ServerProbeContext<unknown>, ask: ProxyAsk): Promise<HttpAnswer> {
  return askHttp(ctx, proxyRequest(ask, ctx))
}

// The grader's origin; a probe that needs one on an assignment without it is the rubric's fault
export function originOf(ctx: Pick<ServerProbeContext<unknown>, 'origin' | 'assignment'>): Origin {
  if (!ctx.origin) throw new InternalError(`${ctx.assignment.id} has no origin: in assignment.yaml, which this probe needs`)
  return ctx.origin
}
