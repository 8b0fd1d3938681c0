import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { batchResults, literalEntries } from '../batch/html/class-fixture.js'
import { renderClassReport } from '../batch/html/class-report.js'
import type { GradeReport } from '../report.js'
import { html } from './html.js'
import { hostileReport } from './fixtures/html-report.js'
import { literalReport } from './fixtures/reports.js'

const render = (report: GradeReport) => html.render(report, { color: false })
const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

describe('html reporter', () => {
  test('the literal report: snapshot', async () => {
    await expect(render(literalReport)).toMatchFileSnapshot('__snapshots__/html.html')
  })

  test('no script, one stylesheet allowed by its hash, nothing else by the CSP', () => {
    const page = render(literalReport)
    expect(page).not.toMatch(/<script|\son[a-z]+=|style="|https?:\/\//i)
    const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] as string)
    expect(styles).toHaveLength(1)
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1]?.replace(/&#39;/g, "'")
    expect(csp).toBe(`default-src 'none'; script-src 'none'; style-src ${sha(styles[0]!)}; img-src 'none'; base-uri 'none'; form-action 'none'`)
  })

  test('shows the checks, the score and the transcript, open', () => {
    const page = render(literalReport)
    expect(page).toContain('<details class="student" open>')
    expect(page).toContain('<span class="name">submissions/alice</span>')
    expect(page).toContain('6/10 (60%) + 1 extra')
    expect(page).toContain('<code>&#34;hello&#34;</code>')
    expect(page).toContain('server-handles-concurrent-clients')
  })

  test('hostile text renders as text: no element, attribute, link or terminal code of its own', () => {
    const page = render(hostileReport())
    expect(page.match(/<script|<img|<svg|<a /gi)).toBeNull()
    // Inside a tag (between a raw < and its >): no event handler, no javascript: URL
    expect(page).not.toMatch(/<[a-z][^<>]*\s(on[a-z]+=|href=)/i)
    expect(page).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/)
    expect(page).toContain('&#60;script&#62;window.__pwned=1&#60;/script&#62;')
    expect(page).toContain('[click me](javascript:alert(1))')
  })

  test('renderClass is the batch report.html', () => {
    const results = batchResults(literalEntries())
    expect(html.renderClass?.(results, { color: false })).toBe(renderClassReport(results))
  })

  test('is a pure function: the same report renders the same page', () => {
    expect(render(hostileReport())).toBe(render(structuredClone(hostileReport())))
  })
})
