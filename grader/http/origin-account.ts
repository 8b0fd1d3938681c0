import type { Origin } from '../origin/origin-server.js'
import { siteOf } from '../origin/origin-pages.js'
import type { ProxyAsk } from './ask-proxy.js'

/** What the origin saw of one browser request, in words, with the likely cause when it is wrong */
export interface OriginAccount {
  readonly said: string
  readonly hint?: string
}

// What the proxy asked the origin since request number `since` of its log, and what is wrong with it for `ask`
export function originAccount(origin: Origin, since: number, ask: ProxyAsk): OriginAccount {
  const asked = origin.requests.slice(since)
  if (asked.length === 0) {
    return { said: 'the origin got no request from the proxy', hint: `Connect to the host named in the URL (${ask.host}) on port 80 and send it the request` }
  }
  const last = asked[asked.length - 1] as (typeof asked)[number]
  const said = `the proxy asked the origin ${JSON.stringify(last.line.slice(0, 120))}${last.host ? ` (Host ${last.host})` : ''} and got ${last.status}`
  if (last.incomplete) return { said, hint: 'End the request to the origin with a blank line: "GET /page.html HTTP/1.1\\r\\nHost: www.example.org\\r\\n\\r\\n"' }
  if (last.path.toLowerCase().includes(`/${siteOf(ask.host)}/`) || last.path.toLowerCase().startsWith(`/${ask.host.toLowerCase()}`)) {
    return { said: `${said}: the host is still in the path`, hint: `Forward only the path on the host: "${ask.method ?? 'GET'} ${ask.path} HTTP/1.1" with "Host: ${ask.host}", not the path the browser gave the proxy` }
  }
  if (last.path !== ask.path) return { said, hint: `Ask the origin for ${ask.path}: the part of the URL after the host name` }
  if (!last.host) return { said: `${said}, naming no host`, hint: `Name the site in the request to the origin ("Host: ${ask.host}\\r\\n"): one server hosts many sites, and without it cannot tell which one is meant` }
  if (siteOf(last.host) !== siteOf(ask.host)) return { said: `${said}: another site than ${ask.host}`, hint: `Send "Host: ${ask.host}", the host the browser asked for` }
  return { said }
}

// A note for a passed check when the proxy stripped "www." as the handout's skeleton does (the same site, on the web too)
export function strippedWwwNote(origin: Origin, since: number, ask: ProxyAsk): string | undefined {
  const named = origin.requests.slice(since).map((r) => r.host?.toLowerCase().replace(/:\d*$/, '')).find((host) => host !== undefined && !host.startsWith('www.'))
  return named && ask.host.toLowerCase().startsWith('www.') && siteOf(named) === siteOf(ask.host) ? `the proxy asked the origin for ${named}, without "www.": the same site here, as on most of the web` : undefined
}
