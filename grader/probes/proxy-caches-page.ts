import { originOf } from '../http/ask-proxy.js'
import { fetchThroughProxy } from '../http/proxy-page.js'
import { defineServerProbe, fail, pass } from './probe.js'
import { HOST_PAGE_PARAMS, PROXY_PROBE } from './proxy-params.js'

export interface Params {
  readonly host: string
  /** One of origin: pages, asked for twice */
  readonly page: string
}

// Asks for a page twice: the second answer must be the page again, with no new request to the origin
export const proxyCachesPage = defineServerProbe<Params>({
  name: 'proxy-caches-page',
  description: 'Answers a second request for the same URL from its cache: the page again, and no new request to the origin',
  params: HOST_PAGE_PARAMS,
  ...PROXY_PROBE,
  waits: () => 2,
  async run(ctx) {
    const origin = originOf(ctx)
    const ask = { host: ctx.params.host, path: `/${ctx.params.page}` }
    const first = await fetchThroughProxy(ctx, ask)
    if (!first.ok) return fail(`The first request: ${first.problem}`, first.hint)
    const before = origin.hits(ask.host, ask.path)
    const second = await fetchThroughProxy(ctx, ask)
    if (!second.ok) return fail(`The second request, for the same URL: ${second.problem}`, second.hint ?? 'Serve a cached page as you served it the first time: the status line, the header and the page')
    const more = origin.hits(ask.host, ask.path) - before
    if (more > 0) {
      return fail(
        `The second request for ${ask.host}${ask.path} went to the origin again (${more} more request${more > 1 ? 's' : ''}): the page was not taken from a cache`,
        'Save the page the first time (a file named after the URL) and, before connecting to the origin, look for that file and answer from it',
      )
    }
    return pass(first.note)
  },
})
