import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { askProxy, originOf, proxyTarget } from '../http/ask-proxy.js'
import { servedFileNamed } from '../http/served-file-named.js'
import { defineServerProbe, fail, pass } from './probe.js'
import { PROXY_PROBE } from './proxy-params.js'

export interface Params {
  readonly host: string
  /** A file the grader wrote beside the proxy (files:) that the origin also has as a page (origin: pages) */
  readonly file: string
}

// Asks for /host/../<file>: a proxy that names its cache file after the URL as it is would read or overwrite the
// file beside it. The grader wrote that file (files:), so it can tell afterwards; the request cannot reach further
// than the proxy's own folder (one ".." after the host), so nothing outside the grading's copy is at risk
export const proxyCacheStaysInside = defineServerProbe<Params>({
  name: 'proxy-cache-stays-inside',
  description: 'Keeps a URL with ".." from reading or overwriting a file outside its cache (a file beside the proxy)',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { host: { type: 'string', minLength: 1 }, file: { type: 'string', minLength: 1 } },
    required: ['host', 'file'],
  },
  ...PROXY_PROBE,
  needsFiles: true,
  waits: () => 1,
  async run(ctx) {
    originOf(ctx)
    const file = servedFileNamed(ctx, ctx.params.file)
    const folder = ctx.server.folder
    if (!folder) throw new Error("The server's folder is not known: the cache check cannot look at it")
    const ask = { host: ctx.params.host, path: `/../${file.name}` }
    const what = `GET ${proxyTarget(ask)}`
    const answer = await askProxy(ctx, ask)
    const hint = 'Make the cache file name from the URL safely: replace "/" (and so "..") with "_", or use a hash of the URL, so no URL names a file outside the cache'
    // The file's bytes anywhere in the answer (a proxy that answers from a cache file sends it with no header of its own)
    if (!('problem' in answer) && answer.raw.includes(file.bytes)) {
      return fail(`${what} was answered with ${file.name}, the file beside the proxy: the URL's ".." led the cache outside its folder`, hint)
    }
    // A proxy may write its cache file just after it answers: a moment later, the file is looked at again
    for (const wait of [0, ctx.timing.replyIdleMs]) {
      await delay(wait)
      const now = readOrUndefined(join(folder, file.name))
      if (!now?.equals(file.bytes)) return fail(`${what} made the proxy ${now ? 'overwrite' : 'remove'} ${file.name}, the file beside it: the URL's ".." led the cache outside its folder`, hint)
    }
    return pass()
  },
})

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path)
  } catch {
    return undefined
  }
}
