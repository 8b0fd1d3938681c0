import { askProxy, originOf, proxyTarget } from '../http/ask-proxy.js'
import { originAccount } from '../http/origin-account.js'
import { statusProblem } from '../http/status-line.js'
import { defineServerProbe, fail, pass } from './probe.js'
import { PROXY_PROBE } from './proxy-params.js'

export interface Params {
  readonly host: string
}

// Asks for a page the origin does not have (a seeded name): the origin's 404 must reach the browser as a 404
export const proxyPassesNotFound = defineServerProbe<Params>({
  name: 'proxy-passes-not-found',
  description: "Passes the origin's 404 for a page it does not have on to the browser as a 404 status line",
  params: { type: 'object', additionalProperties: false, properties: { host: { type: 'string', minLength: 1 } }, required: ['host'] },
  ...PROXY_PROBE,
  waits: () => 1,
  async run(ctx) {
    const origin = originOf(ctx)
    const ask = { host: ctx.params.host, path: `/missing-${ctx.random.int(10000, 99999)}.html` }
    const since = origin.requests.length
    const answer = await askProxy(ctx, ask)
    const what = `GET ${proxyTarget(ask)}, a page the origin does not have`
    const { said, hint } = originAccount(origin, since, ask)
    const answered404 = origin.requests.slice(since).some((r) => r.status === 404)
    if ('problem' in answer) return fail(`${what}: ${answer.problem} (${said})`, answered404 ? 'When the origin answers 404, send its response on to the browser (and keep serving)' : hint)
    const status = statusProblem(answer.response, 404, 'Not Found')
    if (!status) return pass()
    const turned = answered404 && answer.response.status === 200
    return fail(
      `${what}: ${status.problem} (${said})`,
      turned ? 'Pass the origin\'s status line on as it came: its "404 Not Found" must not become "200 OK"' : (hint ?? status.hint),
    )
  },
})
