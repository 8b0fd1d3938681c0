import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CHROMIUM, hasChromium, openHtmlPage, type OpenedPage } from '../../test-support/chromium-page.js'
import { batchResults, literalEntries, XSS } from './class-fixture.js'
import { renderClassReport } from './class-report.js'

if (!hasChromium) console.warn(`Skipping the report.html browser test: ${CHROMIUM} does not exist (CI installs Debian's chromium)`)

// The page as a TA opens it: from disk, in Debian's Chromium, offline
describe.skipIf(!hasChromium)('report.html in Chromium', () => {
  const results = batchResults(literalEntries())
  const hostileIndex = results.entries.findIndex((e) => e.student.name.includes('<script>'))
  let opened: OpenedPage
  let page: OpenedPage['page']
  beforeAll(async () => {
    opened = await openHtmlPage(renderClassReport(results), 'class-report')
    page = opened.page
  })

  afterAll(async () => {
    await opened?.browser.close()
  })

  const visibleIds = () => page.$$eval('#students-table tbody tr:not([hidden]) td.sid', (cells) => cells.map((c) => c.textContent))

  test('loads with no console error, no page error and no request but the page itself', async () => {
    await page.waitForLoadState('load')
    expect(opened.problems).toEqual([])
    expect(opened.requests).toEqual([opened.url])
    expect(await page.$$eval('script', (s) => s.length)).toBe(1)
    await page.screenshot({ path: join(opened.dir, 'report.png'), fullPage: true })
    copyFileSync(join(opened.dir, 'report.png'), '/tmp/sockgrade-report-screenshot.png')
  })

  test('draws the histogram and the pass-rate chart', async () => {
    const bars = await page.$$eval('svg.histogram rect', (rects) => rects.map((r) => r.getBoundingClientRect().height))
    expect(bars).toHaveLength(results.summary.histogram.length)
    results.summary.histogram.forEach((bin, k) => (bin.count > 0 ? expect(bars[k]).toBeGreaterThan(0) : expect(bars[k]).toBe(0)))
    const counts = await page.$$eval('svg.histogram text.count', (texts) => texts.map((t) => Number(t.textContent)))
    expect(counts).toEqual(results.summary.histogram.map((b) => b.count))
    const rates = await page.$$eval('svg.pass-rate rect.bar', (rects) => rects.map((r) => r.getBoundingClientRect().width))
    expect(rates).toHaveLength(results.summary.checks.length)
    expect(rates.some((w) => w > 0)).toBe(true)
  })

  test('sorts by score when the header is clicked, both ways', async () => {
    expect(await visibleIds()).toEqual(results.entries.map((e) => e.student.id))
    const score = page.locator('#students-table thead button', { hasText: /^Score$/ })
    await score.click()
    const ascending = await page.$$eval('#students-table tbody tr td:nth-child(3)', (cells) => cells.map((c) => Number((c as HTMLElement).dataset.v)))
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b))
    await score.click()
    expect((await visibleIds())[0]).toBe('alice')
    expect(await page.getAttribute('#students-table thead th:nth-child(3)', 'aria-sort')).toBe('descending')
  })

  test('filters by name or id, and by status', async () => {
    await page.fill('#filter', 'BOB')
    expect(await visibleIds()).toEqual(['bob'])
    await page.fill('#filter', '')
    await page.selectOption('#status-filter', 'not-gradable')
    expect(await visibleIds()).toEqual(['carol'])
    expect(await page.textContent('#shown')).toBe(`1 of ${results.entries.length} students`)
    await page.selectOption('#status-filter', '')
    expect(await visibleIds()).toHaveLength(results.entries.length)
  })

  test('a click on a row opens the student with the transcript as a sequence diagram', async () => {
    await page.click('#students-table tbody tr[data-target="student-2"] td:nth-child(3)')
    const details = page.locator('#student-2')
    expect(await details.getAttribute('open')).not.toBeNull()
    const diagram = details.locator('li.check.failed figure.seq').first()
    await diagram.waitFor({ state: 'visible', timeout: 5000 })
    expect(await diagram.locator('li.sent').count()).toBeGreaterThan(0)
    expect(await diagram.locator('li.received').count()).toBeGreaterThan(0)
  })

  test("the hostile student's details execute nothing and show the markup as text", async () => {
    const anchor = `student-${hostileIndex + 1}`
    await page.click(`#students-table tbody tr[data-target="${anchor}"] td:first-child`)
    const details = page.locator(`#${anchor}`)
    await details.locator('figure.seq').first().waitFor({ state: 'visible', timeout: 5000 })
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined()
    expect(await details.locator('summary .name').textContent()).toContain(XSS.script)
    expect(await page.$$eval('img, iframe, object, embed, [onerror], [onload]', (found) => found.length)).toBe(0)
    // The 10 KB line wraps inside its arrow (capped) instead of widening the page
    const overflow = await details.locator('figure.seq li code').evaluateAll((codes) => Math.max(...codes.map((c) => c.scrollWidth - c.clientWidth)))
    expect(overflow).toBeLessThanOrEqual(0)
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expect(opened.problems).toEqual([])
    await details.screenshot({ path: join(opened.dir, 'details.png') })
    copyFileSync(join(opened.dir, 'details.png'), '/tmp/sockgrade-report-details.png')
  })

  test('without its CSP the page still runs no student markup: escaping alone holds', async () => {
    const bare = renderClassReport(results).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
    expect(bare).not.toContain('Content-Security-Policy')
    writeFileSync(join(opened.dir, 'bare.html'), bare)
    const other = await opened.browser.newPage()
    await other.goto(pathToFileURL(join(opened.dir, 'bare.html')).href)
    await other.evaluate(() => {
      for (const d of document.querySelectorAll('details')) d.open = true
    })
    expect(await other.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined()
    expect(await other.$$eval('img, [onerror], [onload]', (found) => found.length)).toBe(0)
    await other.close()
  })
})
