import { askProxy, originOf, proxyTarget } from '../http/ask-proxy.js'
import { bodyProblem } from '../http/body.js'
import { originAccount } from '../http/origin-account.js'
import { statusProblem } from '../http/status-line.js'
import { postedPage } from '../origin/origin-pages.js'
import { preview } from './transcript.js'
import { defineServerProbe, fail, pass } from './probe.js'
import { HOST_PAGE_PARAMS, PROXY_PROBE } from './proxy-params.js'

export interface Params {
  readonly host: string
  /** One of origin: pages: the origin answers a POST to it with what was posted */
  readonly page: string
}

// Posts a small form through the proxy: the origin must get a POST with the same body, and its answer reach the browser
export const proxyForwardsPost = defineServerProbe<Params>({
  name: 'proxy-forwards-post',
  description: 'Forwards a POST and its body to the origin, and the origin\'s answer back',
  params: HOST_PAGE_PARAMS,
  ...PROXY_PROBE,
  waits: () => 1,
  async run(ctx) {
    const origin = originOf(ctx)
    const body = Buffer.from(`name=sockgrade&number=${ctx.random.int(10000, 99999)}`)
    const ask = { host: ctx.params.host, path: `/${ctx.params.page}`, method: 'POST' as const, body }
    const since = origin.requests.length
    const answer = await askProxy(ctx, ask)
    const what = `POST ${proxyTarget(ask)} with the form ${preview(body)}`
    const { said, hint } = originAccount(origin, since, ask)
    const posted = origin.requests.slice(since).find((r) => r.method === 'POST')
    if (!posted) {
      const other = origin.requests.slice(since)[0]
      return fail(`${what}: ${other ? `the origin got ${JSON.stringify(other.line)}, not a POST` : said}`, 'Forward the method the browser used: a POST goes to the origin as a POST, with its Content-Length header and its body')
    }
    if (!posted.body.equals(body)) return fail(`${what}: the origin got the body ${preview(posted.body)}`, 'Forward the body after the header unchanged, with its Content-Length header')
    if ('problem' in answer) return fail(`${what}: ${answer.problem} (${said})`, hint)
    const status = statusProblem(answer.response, 200, 'OK')
    if (status) return fail(`${what}: ${status.problem} (${said})`, hint ?? status.hint)
    const reply = bodyProblem({ name: ask.path, kind: 'html', bytes: postedPage(body) }, answer.response.body)
    if (reply) return fail(`${what}: the origin's answer did not come back: ${reply.problem}`, "Send the origin's response to a POST back as it came (and do not answer a POST from the cache)")
    return pass()
  },
})
