import { fetchThroughProxy } from '../http/proxy-page.js'
import { defineServerProbe, fail, pass } from './probe.js'
import { PROXY_PROBE } from './proxy-params.js'

export interface Params {
  /** The site the browser names (any name reaches the grader's origin) */
  readonly host: string
  /** One of origin: pages */
  readonly page: string
  /** `path`: the handout's `GET /host/page` (default); `absolute`: `GET http://host/page`, as a browser set to use a proxy sends */
  readonly form?: 'path' | 'absolute'
}

// Asks the proxy for a page of the origin's: the page must come back whole, as the origin sent it
export const proxyRelaysPage = defineServerProbe<Params>({
  name: 'proxy-relays-page',
  description: "Fetches a page of the grader's origin through the proxy: status 200 and the page byte for byte",
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { host: { type: 'string', minLength: 1 }, page: { type: 'string', minLength: 1 }, form: { enum: ['path', 'absolute'] } },
    required: ['host', 'page'],
  },
  ...PROXY_PROBE,
  waits: () => 1,
  async run(ctx) {
    const { host, page, form } = ctx.params
    const got = await fetchThroughProxy(ctx, { host, path: `/${page}`, ...(form ? { form } : {}) })
    if (!got.ok) return fail(got.problem, got.hint)
    return pass(got.note)
  },
})
