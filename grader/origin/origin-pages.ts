import { fileBytes, type ServedFileSpec } from '../files/served-files.js'
import { seededRandom } from '../random.js'

/** The web server the grader runs behind a student's proxy, as assignment.yaml's origin: declares it */
export interface OriginSpec {
  /** The port a proxy connects to (HTTP's 80): the real one in the sandbox, mapped by the shim on a shared host */
  readonly port: number
  /** The site a request that names no host (no Host header, no http://host/ in its line) is taken to be for */
  readonly 'default-host': string
  /** The pages every site has, at /<name>; their contents differ from site to site and from seed to seed */
  readonly pages: readonly ServedFileSpec[]
}

// A host as a site: letter case, a port, a trailing dot and a leading "www." do not make another site (the handout's
// skeleton strips "www." before it connects: example.org and www.example.org are one site, as they are on the web)
export function siteOf(host: string): string {
  const name = host.trim().toLowerCase().replace(/:\d*$/, '').replace(/\.$/, '')
  return name.replace(/^www\./, '')
}

// A page's bytes on one site for one grading, or undefined for a path the origin does not have
export function originPage(spec: OriginSpec, seed: number, host: string, path: string): Buffer | undefined {
  const page = spec.pages.find((p) => `/${p.name}` === path)
  if (!page) return undefined
  return fileBytes(page.kind, seededRandom(seed, `origin:${siteOf(host)}:${page.name}`))
}

// What the origin answers to a POST: the posted bytes inside a small page, so the reply shows they arrived whole
export function postedPage(body: Buffer): Buffer {
  return Buffer.concat([Buffer.from('<!DOCTYPE html><html><body><p>Received: '), body, Buffer.from('</p></body></html>')])
}
