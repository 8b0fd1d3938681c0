import { originOf } from '../http/ask-proxy.js'
import { bodyPreview, fetchThroughProxy } from '../http/proxy-page.js'
import { defineServerProbe, fail, pass } from './probe.js'
import { PROXY_PROBE } from './proxy-params.js'

export interface Params {
  /** Two sites that both have the page, with different contents */
  readonly hosts: readonly [string, string]
  readonly page: string
}

// Asks for the same path on two sites, one after the other: each must get its own site's page
export const proxyKeepsHostsApart = defineServerProbe<Params>({
  name: 'proxy-keeps-hosts-apart',
  description: "Keeps two sites' pages of the same path apart: each request gets its own site's page",
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { hosts: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 2, maxItems: 2 }, page: { type: 'string', minLength: 1 } },
    required: ['hosts', 'page'],
  },
  ...PROXY_PROBE,
  waits: () => 2,
  async run(ctx) {
    const origin = originOf(ctx)
    const [a, b] = ctx.params.hosts
    const path = `/${ctx.params.page}`
    const first = await fetchThroughProxy(ctx, { host: a, path })
    if (!first.ok) return fail(`The first site: ${first.problem}`, first.hint)
    const since = origin.requests.length
    const second = await fetchThroughProxy(ctx, { host: b, path })
    if (second.ok) return pass(first.note)
    // The first site's page again, and the origin not asked: the answer came from the cache entry of the other site
    const other = origin.page(a, path) ?? Buffer.alloc(0)
    const asked = origin.requests.length > since
    if (!asked && second.body && second.body.subarray(0, other.length).equals(other)) {
      return fail(
        `GET /${b}${path} got ${a}'s page (${bodyPreview(second.body)}), the one asked for just before: the cache does not tell the two sites apart`,
        'Name each cache file after the whole URL, host and path (www.example.org/page.html), not the path alone',
      )
    }
    return fail(`The second site: ${second.problem}`, second.hint)
  },
})
