import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { html } from './html.js'
import { hostileReport } from './fixtures/html-report.js'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.warn(`Skipping the html reporter's browser test: ${CHROMIUM} does not exist (CI installs Debian's chromium)`)

// The hostile student's page as they would open it: from disk, in Debian's Chromium, offline; one page load
describe.skipIf(!hasChromium)('html reporter in Chromium', () => {
  const problems: string[] = []
  const requests: string[] = []
  let browser: Browser
  let page: Page
  let url: string

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'html-reporter-'))
    writeFileSync(join(dir, 'report.html'), html.render(hostileReport(), { color: false }))
    url = pathToFileURL(join(dir, 'report.html')).href
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(url)
    await page.waitForLoadState('load')
  })

  afterAll(async () => {
    await browser?.close()
  })

  test('loads with no console error, no page error and no request but the page itself; its stylesheet applies', async () => {
    expect(problems).toEqual([])
    expect(requests).toEqual([url])
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
    expect(problems).toEqual([])
  })
})
