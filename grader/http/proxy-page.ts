import type { ServerProbeContext } from '../probes/probe.js'
import { preview } from '../probes/transcript.js'
import { askProxy, originOf, proxyTarget, type ProxyAsk } from './ask-proxy.js'
import { bodyProblem } from './body.js'
import { originAccount, strippedWwwNote } from './origin-account.js'
import { statusProblem } from './status-line.js'

/** A page fetched through the proxy as it should be, or what went wrong, in words, with the likely cause */
export type ProxyPage = { readonly ok: true; readonly note?: string; readonly body: Buffer } | { readonly ok: false; readonly problem: string; readonly hint?: string; readonly body?: Buffer }

// Ask the proxy for a page of the origin's: a 200 status line and the page's bytes for that site, byte for byte (one
// trailing newline allowed, as the handout's skeleton sends); when wrong, what the origin saw says why
export async function fetchThroughProxy(ctx: ServerProbeContext<unknown>, ask: ProxyAsk): Promise<ProxyPage> {
  const origin = originOf(ctx)
  const expected = origin.page(ask.host, ask.path)
  if (!expected) throw new Error(`The origin has no page ${ask.path}: name one of origin: pages in the check's params`)
  const since = origin.requests.length
  const what = `GET ${proxyTarget(ask)}`
  const answer = await askProxy(ctx, ask)
  const account = () => originAccount(origin, since, ask)
  if ('problem' in answer) {
    const { said, hint } = account()
    return { ok: false, problem: `${what}: ${answer.problem} (${said})`, ...(hint ? { hint } : {}) }
  }
  const status = statusProblem(answer.response, 200, 'OK')
  if (status) {
    const { said, hint } = account()
    return { ok: false, problem: `${what}: ${status.problem} (${said})`, hint: hint ?? status.hint, body: answer.response.body }
  }
  const body = bodyProblem({ name: ask.path, kind: 'html', bytes: expected }, answer.response.body)
  if (body) {
    const { said, hint } = account()
    return { ok: false, problem: `${what}: ${body.problem} (${said})`, hint: hint ?? 'Relay the origin\'s response as it came: its status line, header and body, byte for byte', body: answer.response.body }
  }
  const note = strippedWwwNote(origin, since, ask)
  return { ok: true, body: answer.response.body, ...(note ? { note } : {}) }
}

// The body a proxy sent, shortened for a message
export const bodyPreview = (body: Buffer | undefined): string => preview((body ?? Buffer.alloc(0)).subarray(0, 60))
