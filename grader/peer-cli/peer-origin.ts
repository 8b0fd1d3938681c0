import type { Assignment } from '../assignments/assignment.js'
import { startOrigin, type OriginHit } from '../origin/origin-server.js'
import { shownExchangeLine } from './exchange-line.js'
import { preview } from '../probes/transcript.js'

export interface PeerOriginOptions {
  readonly assignment: Assignment
  readonly port: number
  readonly write: (line: string) => void
  /** The pages' seed (their contents); any when not given */
  readonly seed?: number
  /** Stops the origin; the command itself runs until Ctrl-C */
  readonly signal?: AbortSignal
}

// The grader's origin web server for a student's proxy to fetch from, printing every request it gets and its answer
export async function runPeerOrigin(options: PeerOriginOptions): Promise<void> {
  const { assignment, write } = options
  const spec = assignment.origin
  if (!spec) throw new Error(`${assignment.id} has no origin: in assignment.yaml`)
  const origin = await startOrigin({ spec, seed: options.seed ?? Math.floor(Math.random() * 1_000_000), port: options.port, onRequest: (hit) => write(requestLine(hit)) })
  const pages = spec.pages.map((p) => `/${p.name}`).join(', ')
  write(`Serving the web server behind your proxy (${assignment.id}) on port ${origin.port} of 127.0.0.1: every site has ${pages}; other paths get 404. Press Ctrl-C to stop`)
  const site = origin.port === 80 ? '127.0.0.1' : `127.0.0.1:${origin.port}`
  write(`Start your proxy (python3 ${assignment.server?.file ?? 'ProxyServer.py'} 8888) and ask it for http://127.0.0.1:8888/${site}/${spec.pages[0]?.name ?? ''}`)
  if (origin.port !== 80) write(`(your proxy must then connect to the port named after the host, ${origin.port}: the grader's origin listens on 80)`)
  await new Promise<void>((resolve) => {
    if (options.signal?.aborted) return resolve()
    options.signal?.addEventListener('abort', () => resolve(), { once: true })
  })
  await origin.close()
}

// One request as the origin saw it: its line, the host it named, and the status it got
function requestLine(hit: OriginHit): string {
  const host = hit.host ? `Host ${JSON.stringify(hit.host)}` : 'no host named (served as the default site)'
  const body = hit.body.length ? `, a body of ${hit.body.length} bytes ${preview(hit.body.subarray(0, 60))}` : ''
  const answer = hit.incomplete ? '400: the request never ended with a blank line' : String(hit.status)
  return shownExchangeLine(new Date(), 'received', `${preview(hit.line)} (${host}${body}) → ${answer}`)
}
