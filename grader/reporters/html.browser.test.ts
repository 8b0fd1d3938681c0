import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CHROMIUM, hasChromium, openHtmlPage, type OpenedPage } from '../test-support/chromium-page.js'
import { html } from './html.js'
import { hostileReport } from './fixtures/html-report.js'

if (!hasChromium) console.warn(`Skipping the html reporter's browser test: ${CHROMIUM} does not exist (CI installs Debian's chromium)`)

// The hostile student's page as they would open it: from disk, in Debian's Chromium, offline; one page load
describe.skipIf(!hasChromium)('html reporter in Chromium', () => {
  let opened: OpenedPage
  let page: OpenedPage['page']
  beforeAll(async () => {
    opened = await openHtmlPage(html.render(hostileReport(), { color: false }), 'html-reporter')
    page = opened.page
  })

  afterAll(async () => {
    await opened?.browser.close()
  })

  test('loads with no console error, no page error and no request but the page itself; its stylesheet applies', async () => {
    expect(opened.problems).toEqual([])
    expect(opened.requests).toEqual([opened.url])
    // The CSP allowed the stylesheet by its hash: a refused one would leave the details without their border
    expect(await page.$eval('details.student', (d) => getComputedStyle(d).borderTopStyle)).toBe('solid')
    expect(await page.$eval('details.student', (d) => (d as HTMLDetailsElement).open)).toBe(true)
  })

  test('the hostile text shows as text and runs nothing', async () => {
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined()
    expect(await page.$$eval('script, img, svg, iframe, object, embed, a, [onerror], [onload]', (found) => found.length)).toBe(0)
    expect(await page.textContent('summary .name')).toContain('<script>window.__pwned=1</script>')
    const messages = await page.$$eval('p.message', (ps) => ps.map((p) => p.textContent ?? ''))
    expect(messages.some((m) => m.includes('<img src=x onerror="window.__pwned=1"> [click me](javascript:alert(1))'))).toBe(true)
    const received = await page.$$eval('figure.seq li.received code', (codes) => codes.map((c) => c.textContent ?? ''))
    expect(received.length).toBeGreaterThan(0)
    expect(received.every((text) => !text.includes('\u001b') && text.includes('red osc link'))).toBe(true)
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expect(opened.problems).toEqual([])
  })
})
