import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import MarkdownIt from 'markdown-it'
import { describe, expect, test } from 'vitest'
import type { GradeReport } from '../report.js'
import { DOCUMENT_BYTES, gradescope } from './gradescope.js'
import type { GradescopeTest } from './gradescope-tests.js'
import { HOSTILE_MARKUP as HOSTILE, harnessErrorReport, hugeHostileReport, literalReport, notGradableReport } from './fixtures/reports.js'

const schema = JSON.parse(readFileSync(new URL('schemas/gradescope-results.schema.json', import.meta.url), 'utf8')) as object
const validate = new Ajv({ allErrors: true }).compile(schema)

interface Results {
  score: number
  execution_time: number
  output: string
  stdout_visibility: string
  tests: GradescopeTest[]
}

// The huge document in brief for its snapshot: each output's size, beginning and end
function digest(results: Results): string {
  const brief = (text: string) => ({ bytes: Buffer.byteLength(text), start: text.slice(0, 160), end: text.slice(-160) })
  return `${JSON.stringify({ ...results, output: brief(results.output), tests: results.tests.map((t) => ({ ...t, output: brief(t.output) })) }, null, 2)}\n`
}

const render = (report: GradeReport) => gradescope.render(report, { color: false })

// Parse and check against the schema, failing with ajv's errors
function parseValid(text: string): Results {
  const parsed = JSON.parse(text) as Results
  expect(validate(parsed) ? [] : validate.errors).toEqual([])
  return parsed
}

describe('gradescope reporter', () => {
  test('the literal report: valid, snapshot', async () => {
    const text = render(literalReport)
    parseValid(text)
    await expect(text).toMatchFileSnapshot('__snapshots__/gradescope.json')
  })

  test('scores: the top level includes extra credit, the tests add up to the maximum, visibility maps 1:1', () => {
    const results = parseValid(render(literalReport))
    expect(results.score).toBe(7)
    expect(results.execution_time).toBe(1)
    expect(results.stdout_visibility).toBe('hidden')
    // The literal report's totals are made up; its checks' own points are what the tests carry
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
    expect(sum(results.tests.map((t) => t.max_score))).toBe(sum(literalReport.checks.filter((c) => !c.extraCredit).map((c) => c.maxScore)))
    expect(sum(results.tests.map((t) => t.score))).toBe(sum(literalReport.checks.map((c) => c.score)))
    expect(results.tests.map((t) => t.visibility)).toEqual(literalReport.checks.map((c) => c.visibility))
    expect(results.tests.map((t) => t.status)).toEqual(['passed', 'failed', 'failed', 'failed', 'passed'])
    const extra = results.tests[4] as GradescopeTest
    expect(extra).toMatchObject({ score: 1, max_score: 0, tags: ['server-handles-concurrent-clients', 'extra-credit'] })
    expect(results.tests[3]?.tags).toEqual(['server-survives-invalid-utf8', 'advisory'])
  })

  test('a hidden check keeps the total out of the summary; all visible shows it', () => {
    expect(parseValid(render(literalReport)).output).not.toContain('Score')
    const visible = { ...literalReport, checks: literalReport.checks.map((c) => ({ ...c, visibility: 'visible' as const })) }
    expect(parseValid(render(visible)).output).toContain('**Score:** 6/10 (60%) + 1 extra credit')
  })

  test('a cause first seen by a hidden check stays out of the summary', () => {
    const hiddenCause = { ...literalReport, causes: [{ side: 'client' as const, check: 'client-exits-cleanly', message: 'secret' }] }
    expect(parseValid(render(hiddenCause)).output).not.toContain('secret')
    const visibleCause = { ...literalReport, causes: [{ side: 'server' as const, check: 'server-answers-basic', message: 'The server exited' }] }
    expect(parseValid(render(visibleCause)).output).toContain('The server exited \\(first seen in server\\-answers\\-basic\\)')
  })

  test('a visible test spoiled by a crash a hidden check saw does not point at it; staff still read the hidden one', () => {
    const spoiled = { ...literalReport.checks[0]!, id: 'later', status: 'skipped' as const, score: 0, message: 'Not run: the client crashed in "client-exits-cleanly" (see there)', spoiledBy: 'client-exits-cleanly' }
    const results = parseValid(render({ ...literalReport, checks: [...literalReport.checks, spoiled] }))
    const later = results.tests.find((t) => t.tags.includes('later'))
    expect(later?.output).toContain('hidden until grades are released')
    expect(later?.output).not.toContain('see there')
    expect(results.tests.find((t) => t.tags.includes('client-exits-cleanly'))?.output).toContain('Skipped')
  })

  test('a failed check shows message, hint and the transcript in a fence; terminal codes are gone', () => {
    const output = parseValid(render(literalReport)).tests[1]?.output ?? ''
    expect(output).toContain('**Hint:** The reply is the message unchanged')
    expect(output).toContain('```\n→ "hello"\n← "hello"\n```')
    expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/)
  })

  test('not gradable: score 0, the reason first, every check still listed', async () => {
    const text = render(notGradableReport())
    const results = parseValid(text)
    expect(results.score).toBe(0)
    expect(results.output).toBe('**Not gradable:** Cannot find "TCPServer\\.py" in the submission \\(the folder is empty\\)')
    expect(results.tests.map((t) => t.name)).toEqual(literalReport.checks.map((c) => c.name))
    expect(results.tests.every((t) => t.status === 'failed' && t.score === 0 && t.output.includes('Not run: The submission could not be graded'))).toBe(true)
    await expect(text).toMatchFileSnapshot('__snapshots__/gradescope-not-gradable.json')
  })

  test('harness error: a visible test with the message, a hidden one with the stack, the checks after', async () => {
    const text = render(harnessErrorReport())
    const results = parseValid(text)
    const [visible, hidden] = results.tests
    expect(visible).toMatchObject({ name: 'The autograder failed; contact course staff', visibility: 'visible', status: 'failed', score: 0, max_score: 0 })
    expect(visible?.output).toContain('Worker exited with signal SIGKILL')
    expect(visible?.output).not.toContain('grade.ts')
    expect(hidden).toMatchObject({ visibility: 'hidden', status: 'failed' })
    expect(hidden?.output).toContain('at secret (/home/staff/sockgrade/pool.ts:2:2)')
    expect(results.tests).toHaveLength(literalReport.checks.length + 2)
    expect(results.output).toContain('**The autograder failed:** contact course staff')
    expect(results.output).not.toContain('Not gradable')
    await expect(text).toMatchFileSnapshot('__snapshots__/gradescope-harness-error.json')
  })

  test('5 MB of hostile output comes out under 1,000,000 bytes, valid, the longest outputs cut first', async () => {
    const report = hugeHostileReport()
    expect(JSON.stringify(report).length).toBeGreaterThan(5_000_000)
    const withShortOne: GradeReport = { ...report, checks: [...report.checks, { ...literalReport.checks[1]!, id: 'short', name: 'Short' }] }
    const text = render(withShortOne)
    expect(Buffer.byteLength(text)).toBeLessThan(1_000_000)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(DOCUMENT_BYTES)
    const results = parseValid(text)
    // The short check's output is whole; the long ones were cut, saying so
    expect(results.tests.at(-1)?.output).toContain('```\n→ "hello"\n← "hello"\n```')
    expect(results.tests[0]?.output).toMatch(/cut to fit|more characters|left out/)
    // Every output still closes its fence: the cut happened before fencing
    for (const t of results.tests) {
      const fences = t.output.match(/^`{3,}$/gm) ?? []
      expect(fences.length % 2).toBe(0)
    }
    await expect(digest(results)).toMatchFileSnapshot('__snapshots__/gradescope-huge.json')
  })

  test('hostile text cannot become a link, an image or HTML, even for a renderer with HTML and linkify on', () => {
    const report: GradeReport = { ...literalReport, notGradableReason: HOSTILE, gradable: false, checks: [{ ...literalReport.checks[1]!, name: HOSTILE, message: HOSTILE, hint: HOSTILE, transcript: [{ dir: 'received', text: HOSTILE }] }] }
    const results = parseValid(render(report))
    const markdown = new MarkdownIt({ html: true, linkify: true })
    for (const output of [results.output, results.tests[0]?.output ?? '']) {
      const page = markdown.render(output)
      const tags = new Set([...page.matchAll(/<([a-z0-9]+)/gi)].map((m) => m[1]))
      expect([...tags].sort()).toEqual(expect.arrayContaining([...tags].filter((t) => ['p', 'strong', 'em', 'br', 'pre', 'code'].includes(t as string))))
      expect([...tags].filter((t) => !['p', 'strong', 'em', 'br', 'pre', 'code'].includes(t as string))).toEqual([])
      // What shows is what the program printed (less its terminal codes and the zero-width spaces)
      const shown = page.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\u200b/g, '')
      expect(shown).toContain('[click me](javascript:alert(1)) ![img](http://evil.example/x.png) <http://evil.example>')
      expect(shown).toContain('<script>window.__pwned=1</script>')
      expect(shown).not.toContain('\u001b')
    }
    expect(results.tests[0]?.name).not.toMatch(/[\n\u001b]/)
  })

  test('the schema rejects what Gradescope would not read', () => {
    const good = parseValid(render(literalReport))
    expect(validate({ ...good, tests: [{ ...good.tests[0], status: 'ok' }] })).toBe(false)
    expect(validate({ ...good, score: '3' })).toBe(false)
    expect(validate({ ...good, stdout_visibility: 'students' })).toBe(false)
    expect(validate({ tests: [{ name: 'no score anywhere' }] })).toBe(false)
    expect(validate({ tests: [{ name: 'scored', score: 1 }] })).toBe(true)
  })

  test('is a pure function: the same report renders the same text', () => {
    expect(render(literalReport)).toBe(render(structuredClone(literalReport)))
    expect(render(hugeHostileReport(1_500_000, 4))).toBe(render(hugeHostileReport(1_500_000, 4)))
  })
})
