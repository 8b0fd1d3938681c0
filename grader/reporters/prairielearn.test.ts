import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import { describe, expect, test } from 'vitest'
import type { GradeReport } from '../report.js'
import { DOCUMENT_BYTES, prairielearn } from './prairielearn.js'
import type { PrairieLearnTest } from './prairielearn-tests.js'
import { HOSTILE_MARKUP as HOSTILE, harnessErrorReport, hugeHostileReport, literalReport, notGradableReport } from './fixtures/reports.js'

const schema = JSON.parse(readFileSync(new URL('schemas/prairielearn-results.schema.json', import.meta.url), 'utf8')) as object
const validate = new Ajv({ allErrors: true }).compile(schema)

interface Results {
  gradable: boolean
  score: number
  message: string
  output?: string
  format_errors?: string[]
  tests: PrairieLearnTest[]
}

const render = (report: GradeReport) => prairielearn.render(report, { color: false })

function parseValid(text: string): Results {
  const parsed = JSON.parse(text) as Results
  expect(validate(parsed) ? [] : validate.errors).toEqual([])
  return parsed
}

// The literal report with totals that agree with its checks: 1 of 4 base points, 1 extra
const consistent: GradeReport = { ...literalReport, score: 2, maxScore: 4, extraScore: 1 }
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

describe('prairielearn reporter', () => {
  test('the literal report: valid, snapshot', async () => {
    const text = render(literalReport)
    parseValid(text)
    await expect(text).toMatchFileSnapshot('__snapshots__/prairielearn.json')
  })

  test('score is the base points over the maximum; the tests add up to it; extra credit is shown, not counted', () => {
    const results = parseValid(render(consistent))
    expect(results).toMatchObject({ gradable: true, score: 0.25 })
    expect(sum(results.tests.map((t) => t.points)) / sum(results.tests.map((t) => t.max_points))).toBe(results.score)
    expect(results.message).toContain('Extra credit earned: 1, not counted')
    const extra = results.tests.find((t) => t.description.startsWith('server-handles-concurrent-clients'))
    expect(extra).toMatchObject({ points: 0, max_points: 0 })
    expect(extra?.description).toContain('extra credit (1/1), not counted')
  })

  test('full marks plus extra credit stays at 1', () => {
    const full: GradeReport = { ...consistent, score: 5, extraScore: 1 }
    expect(parseValid(render(full)).score).toBe(1)
  })

  test('hidden and after-due-date checks keep name and points, not what they sent; the stack never appears', () => {
    const report: GradeReport = { ...consistent, checks: consistent.checks.map((c) => (c.id === 'server-answers-basic' ? { ...c, visibility: 'hidden' as const } : c)) }
    const results = parseValid(render(report))
    const hidden = results.tests.find((t) => t.name === 'Server answers a simple sentence')
    expect(hidden).toEqual({ name: 'Server answers a simple sentence', description: 'server-answers-basic · details hidden', points: 0, max_points: 2, message: 'Not passed', output: '' })
    expect(JSON.stringify(results)).not.toContain('hello')
    expect(render(harnessErrorReport())).not.toContain('grade.ts')
  })

  test('a failed check: message, hint and transcript as plain text, terminal codes gone, HTML left for PrairieLearn to escape', () => {
    const results = parseValid(render(literalReport))
    const failed = results.tests[1] as PrairieLearnTest
    expect(failed.message).toBe('Sent "hello": expected "HELLO", received "hellored"')
    expect(failed.output).toBe('Hint: The reply is the message unchanged: is the transformed text the one sent back?\n\nTranscript (→ the grader sent, ← your program sent):\n→ "hello"\n← "hello"')
    const hostile = parseValid(render({ ...literalReport, checks: [{ ...literalReport.checks[1]!, message: HOSTILE, name: HOSTILE }] }))
    expect(hostile.tests[0]?.message).toContain('<script>window.__pwned=1</script>')
    expect(hostile.tests[0]?.message).not.toContain('&lt;')
    expect(JSON.stringify(hostile)).not.toMatch(/\\u001b|\\u0007/)
    expect(hostile.tests[0]?.name).not.toContain('\n')
  })

  test('not gradable: gradable false, format_errors says why, every check listed', async () => {
    const text = render(notGradableReport())
    const results = parseValid(text)
    expect(results).toMatchObject({ gradable: false, score: 0, format_errors: ['Cannot find "TCPServer.py" in the submission (the folder is empty)'] })
    expect(results.message).toContain('This attempt was not counted')
    expect(results.tests).toHaveLength(literalReport.checks.length)
    await expect(text).toMatchFileSnapshot('__snapshots__/prairielearn-not-gradable.json')
  })

  test('harness error: not gradable so the attempt does not count, and it says the autograder failed', async () => {
    const text = render(harnessErrorReport())
    const results = parseValid(text)
    expect(results.gradable).toBe(false)
    expect(results.format_errors?.[0]).toMatch(/^The autograder failed: contact course staff\. This is not a problem with your submission/)
    expect(results.message).toContain('Worker exited with signal SIGKILL')
    // Even a graded report with a harness error (one probe failed) does not count
    expect(parseValid(render({ ...consistent, harnessError: { message: 'Probe "x" failed' } })).gradable).toBe(false)
    await expect(text).toMatchFileSnapshot('__snapshots__/prairielearn-harness-error.json')
  })

  test('5 MB of hostile output comes out under 1,000,000 bytes and valid', async () => {
    const report = hugeHostileReport()
    const withShortOne: GradeReport = { ...report, checks: [...report.checks, { ...literalReport.checks[1]!, id: 'short', name: 'Short' }] }
    const text = render(withShortOne)
    expect(Buffer.byteLength(text)).toBeLessThan(1_000_000)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(DOCUMENT_BYTES)
    const results = parseValid(text)
    expect(results.tests.at(-1)?.output).toContain('→ "hello"\n← "hello"')
    expect(results.tests[1]?.output).toMatch(/cut to fit|more characters|left out/)
    const brief = (s: string) => ({ bytes: Buffer.byteLength(s), start: s.slice(0, 160), end: s.slice(-160) })
    const digest = { ...results, message: brief(results.message), tests: results.tests.map((t) => ({ ...t, message: brief(t.message), output: brief(t.output) })) }
    await expect(`${JSON.stringify(digest, null, 2)}\n`).toMatchFileSnapshot('__snapshots__/prairielearn-huge.json')
  })

  test('the schema rejects what PrairieLearn would not read', () => {
    const good = parseValid(render(literalReport))
    expect(validate({ ...good, score: 1.5 })).toBe(false)
    expect(validate({ ...good, score: '0.5' })).toBe(false)
    expect(validate({ ...good, tests: [{ ...good.tests[0], points: '3' }] })).toBe(false)
    expect(validate({ gradable: true, message: 'no score' })).toBe(false)
    expect(validate({ gradable: false, format_errors: ['no score needed'] })).toBe(true)
    expect(validate({ ...good, format_errors: [1] })).toBe(false)
  })

  test('is a pure function: the same report renders the same text', () => {
    expect(render(literalReport)).toBe(render(structuredClone(literalReport)))
    expect(render(hugeHostileReport(1_500_000, 4))).toBe(render(hugeHostileReport(1_500_000, 4)))
  })
})
