import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { GradeReport } from '../../report.js'
import { html } from '../../reporters/html.js'
import { CHROMIUM, hasChromium, openHtmlPage, type OpenedPage } from '../../test-support/chromium-page.js'
import { gradeFixture } from '../../test-support/grade-fixture.js'
import { batchResults } from './class-fixture.js'
import { renderClassReport } from './class-report.js'

if (!hasChromium) console.warn(`Skipping the client-run browser test: ${CHROMIUM} does not exist (CI installs Debian's chromium)`)

const root = join(import.meta.dirname, '..', '..', '..')
const TEXTBOOK_UDP = join(root, 'grader', 'test-support', 'fixtures', 'textbook-udp')
const RECEIVES_FIRST = join(root, 'reference', 'uppercase-udp', 'broken', 'client-receives-before-sending')
const TIMEOUT_MS = 90_000

const isClientCheck = (id: string) => id.startsWith('client-')
// A check's own exchange is drawn with it; the client checks judged one run of the client (one stdin), drawn once
const expectedDiagrams = (report: GradeReport) => report.checks.filter((c) => c.transcript.length > 0 && !isClientCheck(c.id)).length + 1

/** What the page shows of one student's checks and the client runs they link to */
interface Drawn {
  readonly diagrams: number
  readonly links: { id: string; href: string | null; target: { diagrams: number; decided: string[] } | null }[]
}

// Every check of a student (in `scope`): the link it makes to a client run, and what that run shows
function drawn(page: OpenedPage['page'], scope: string): Promise<Drawn> {
  return page.evaluate((scope) => {
    const root = document.querySelector(scope) as HTMLElement
    const links = [...root.querySelectorAll('li.check')].map((li) => {
      const id = li.querySelector('.check-head code')?.textContent ?? ''
      const href = li.querySelector('a[href^="#"]')?.getAttribute('href') ?? null
      const target = href ? document.getElementById(href.slice(1)) : null
      return {
        id,
        href,
        target: target && { diagrams: target.querySelectorAll('figure.seq').length, decided: [...target.querySelectorAll('.decided a')].map((a) => a.textContent ?? '') },
      }
    })
    return { diagrams: root.querySelectorAll('figure.seq').length, links }
  }, scope)
}

function expectOneRun(report: GradeReport, shown: Drawn): void {
  const clientIds = report.checks.filter((c) => isClientCheck(c.id)).map((c) => c.id)
  expect(clientIds).toHaveLength(5)
  expect(shown.diagrams).toBe(expectedDiagrams(report))
  const client = shown.links.filter((l) => isClientCheck(l.id))
  expect(client.map((l) => l.id)).toEqual(clientIds)
  // One run: every client check links to the same diagram, which lists the five checks it decided
  expect(new Set(client.map((l) => l.href)).size).toBe(1)
  for (const link of client) expect(link.target).toEqual({ diagrams: 1, decided: clientIds })
  for (const link of shown.links.filter((l) => !isClientCheck(l.id))) expect(link.href).toBeNull()
}

// The textbook pair and a client that never sends, graded for real, on the pages a student and a TA open
describe.skipIf(!hasChromium)('a client run is drawn once, in Chromium', () => {
  let textbook: GradeReport
  let receivesFirst: GradeReport
  const opened: OpenedPage[] = []
  beforeAll(async () => {
    ;[textbook, receivesFirst] = await Promise.all([gradeFixture('uppercase-udp', TEXTBOOK_UDP), gradeFixture('uppercase-udp', RECEIVES_FIRST)])
  }, TIMEOUT_MS)

  afterAll(async () => {
    for (const page of opened) await page.browser.close()
  })

  test("the textbook client's report page: one diagram for its run, linked from each of the five client checks", async () => {
    const page = await openHtmlPage(html.render(textbook, { color: false }), 'client-runs-page')
    opened.push(page)
    expect(page.problems).toEqual([])
    expectOneRun(textbook, await drawn(page.page, 'details.student'))
  })

  test('report.html: the same for each student, ids unique on the page, and a link scrolls to the run', async () => {
    const results = batchResults([
      { student: { id: 'tb', name: 'Textbook', files: ['UDPClient.py', 'UDPServer.py'], notes: [], flags: [] }, report: textbook },
      { student: { id: 'rf', name: 'Receives first', files: ['UDPClient.py', 'UDPServer.py'], notes: [], flags: [] }, report: receivesFirst },
    ])
    const page = await openHtmlPage(renderClassReport(results), 'client-runs-class')
    opened.push(page)
    expect(page.problems).toEqual([])
    expectOneRun(textbook, await drawn(page.page, '#student-1'))
    expectOneRun(receivesFirst, await drawn(page.page, '#student-2'))
    const ids = await page.page.$$eval('[id]', (all) => all.map((e) => e.id))
    expect(new Set(ids).size).toBe(ids.length)
    await page.page.click('#students-table tbody tr[data-target="student-2"] td:first-child')
    const last = page.page.locator('#student-2 li.check', { hasText: 'client-exits-cleanly' }).locator('a[href^="#"]')
    const href = (await last.getAttribute('href')) as string
    await last.click()
    await page.page.waitForFunction((hash) => location.hash === hash, href)
    const top = await page.page.$eval(href, (run) => run.getBoundingClientRect().top)
    expect(top).toBeGreaterThanOrEqual(-1)
    expect(top).toBeLessThan(await page.page.evaluate(() => window.innerHeight))
    // A link to a run from outside the page opens the student it is in
    const other = await page.browser.newPage()
    await other.goto(`${page.url}${href}`)
    expect(await other.$eval('#student-2', (details) => (details as HTMLDetailsElement).open)).toBe(true)
    expect(await other.$eval('#student-1', (details) => (details as HTMLDetailsElement).open)).toBe(false)
    await other.close()
  })
})
