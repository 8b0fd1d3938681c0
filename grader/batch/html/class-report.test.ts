import { createHash } from 'node:crypto'
import { expect, test } from 'vitest'
import { batchResults, generatedEntries, literalEntries } from './class-fixture.js'
import { renderClassReport } from './class-report.js'

const page = renderClassReport(batchResults(literalEntries()))
const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

test('one script and one stylesheet, each allowed by its hash, nothing else by the CSP', () => {
  const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string)
  const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] as string)
  expect(scripts).toHaveLength(1)
  expect(styles).toHaveLength(1)
  expect(page.match(/<script/g)).toHaveLength(1)
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1]?.replace(/&#39;/g, "'")
  expect(csp).toBe(`default-src 'none'; script-src ${sha(scripts[0]!)}; style-src ${sha(styles[0]!)}; img-src 'none'; base-uri 'none'; form-action 'none'`)
  expect(page).not.toMatch(/style="|https?:\/\//)
})

test('the summary and the settings are written as text', () => {
  expect(page).toContain('<div><dt>Students</dt><dd>6</dd></div>')
  expect(page).toContain('<div><dt>Grader errors</dt><dd>1</dd></div>')
  expect(page).toContain('rubric <code title="f00dfeedcafe0123456789abcdef0123456789abcdef0123456789abcdef0123">f00dfeedcafe</code>')
  expect(page).toContain('shard <code>1/2</code>')
})

test('pure: the same results give the same page', () => {
  expect(renderClassReport(batchResults(literalEntries()))).toBe(page)
})

test('a class of 100 stays well under a megabyte', () => {
  const bytes = Buffer.byteLength(renderClassReport(batchResults(generatedEntries(100))))
  expect(bytes).toBeGreaterThan(100_000)
  expect(bytes).toBeLessThan(1_000_000)
})

test('what the layout left out of the class is on the page, escaped', () => {
  const results = batchResults(literalEntries())
  const page = renderClassReport({ ...results, settings: { ...results.settings, classWarnings: ['Left out "<b>f1</b>": not an archive'] } })
  expect(page).toContain('Not graded, or not as exported:')
  expect(page).toContain('Left out &#34;&#60;b&#62;f1&#60;/b&#62;&#34;: not an archive')
})
