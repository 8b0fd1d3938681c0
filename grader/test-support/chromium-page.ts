// A page of ours opened as a user would: from disk, in Debian's Chromium (CI installs it), offline, with every
// console message, page error and request recorded, for the browser tests of report.html and the html reporter
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)

/** An open page and what it did while loading */
export interface OpenedPage {
  readonly browser: Browser
  readonly page: Page
  /** The file the page was loaded from, and its folder (for screenshots) */
  readonly url: string
  readonly dir: string
  /** Console errors and warnings, and uncaught page errors */
  readonly problems: string[]
  readonly requests: string[]
}

// Write the HTML to a temporary file and open it in headless Chromium with no network of its own
export async function openHtmlPage(html: string, name: string): Promise<OpenedPage> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`))
  writeFileSync(join(dir, 'report.html'), html)
  const url = pathToFileURL(join(dir, 'report.html')).href
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const problems: string[] = []
  const requests: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('request', (r) => requests.push(r.url()))
  await page.goto(url)
  await page.waitForLoadState('load')
  return { browser, page, url, dir, problems, requests }
}
