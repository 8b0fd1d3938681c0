import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { CheckResult, GradeReport } from '../report.js'
import { junit } from './junit.js'
import { elements, parseJunit } from './fixtures/junit-structure.js'
import { expectJunitValid, junitXsdErrors } from '../test-support/junit-xsd.js'
import { HOSTILE, hostileReport, literalReport, sampleClass } from './fixtures/reports.js'

type Element = Record<string, unknown>

// The document parsed, after checking it against junit-10.xsd (xmllint) and the JUnit structure
function parsed(xml: string): Element {
  expectJunitValid(xml)
  const { doc, problems } = parseJunit(xml)
  expect(problems).toEqual([])
  return doc.testsuites as Element
}

const suites = (xml: string) => elements(parsed(xml), 'testsuite')
const cases = (suite: Element) => elements(suite, 'testcase')
const textOf = (element: Element | undefined) => String(element?.['#text'] ?? '')
const render = (report: GradeReport) => junit.render(report, { color: false })

describe('junit reporter', () => {
  test('renders the literal report', async () => {
    await expect(render(literalReport)).toMatchFileSnapshot('__snapshots__/junit.xml')
    expectJunitValid(render(literalReport))
  })

  test('xmllint with junit-10.xsd is a real check: it rejects skipped on <testsuites>, which the schema leaves out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockgrade-junit-'))
    const path = join(dir, 'skipped-on-testsuites.xml')
    writeFileSync(path, render(literalReport).replace('<testsuites name="sockgrade"', '<testsuites name="sockgrade" skipped="1"'))
    expect(junitXsdErrors(path)).toContain("Element 'testsuites', attribute 'skipped': The attribute 'skipped' is not allowed")
    rmSync(dir, { recursive: true, force: true })
  })

  test('one testsuite per assignment, one testcase per check, with the right counts and properties', () => {
    const root = parsed(render(literalReport))
    // junit-10.xsd allows no skipped on <testsuites>: the count is on each <testsuite>
    expect(root).toMatchObject({ '@tests': '5', '@failures': '1', '@errors': '1', '@time': '1.234' })
    expect(root['@skipped']).toBeUndefined()
    const [suite, ...others] = elements(root, 'testsuite')
    expect(others).toEqual([])
    expect(suite).toMatchObject({ '@name': 'uppercase-tcp', '@tests': '5', '@failures': '1', '@errors': '1', '@skipped': '1', '@time': '1.234' })
    expect(cases(suite!).map((c) => [c['@classname'], c['@name']])).toEqual(literalReport.checks.map((c) => ['uppercase-tcp', `${c.id}: ${c.name}`]))
    const properties = Object.fromEntries(elements(suite!.properties as Element, 'property').map((p) => [p['@name'], p['@value']]))
    expect(properties).toMatchObject({ score: '7', maxScore: '10', extraScore: '1', submission: 'submissions/alice' })
    const outcomes = cases(suite!).map((c) => ['failure', 'error', 'skipped'].filter((kind) => elements(c, kind).length > 0))
    expect(outcomes).toEqual([[], ['failure'], ['skipped'], ['error'], []])
  })

  test("a failure holds the message, the hint and the transcript, without the student's terminal codes", () => {
    const failed = cases(suites(render(literalReport))[0]!)[1]!
    const failure = elements(failed, 'failure')[0]!
    expect(failure['@message']).toBe('Sent "hello": expected "HELLO", received "hellored"')
    expect(failure['@type']).toBe('check-failed')
    expect(textOf(failure)).toBe('Sent "hello": expected "HELLO", received "hellored"\nHint: The reply is the message unchanged: is the transformed text the one sent back?\n→ "hello"\n← "hello"')
  })

  test('hostile student output still parses, and reads back as the text it was', () => {
    const xml = render(hostileReport)
    expect(xml).not.toContain('<script>')
    expect(xml).not.toContain(']]>')
    const [suite] = suites(xml)
    const failure = elements(cases(suite!)[0]!, 'failure')[0]!
    const body = textOf(failure)
    for (const piece of ['<script>alert(1)</script>', 'cdata]]>end', '<img src=x onerror=alert(1)>', '& &amp; "quoted" \'single\'', 'nonchar\ufffd\ufffd', 'lone\ufffdhigh and \ufffdlow', 'escred', 'nul\n']) {
      expect(body).toContain(piece)
    }
    expect(body).not.toMatch(/[\u0000\u001b]/)
    // An attribute is one line: the line breaks of the message are spaces, and the text is intact
    expect(failure['@message']).toContain('Received nul esc')
    expect(failure['@message']).toContain('<script>alert(1)</script> nonchar')
    expect(String(failure['@message'])).not.toContain('\n')
    expect(elements(suite!.properties as Element, 'property').find((p) => p['@name'] === 'submission')?.['@value']).toContain('cdata]]>end <script>')
  })

  test('a student name with a line break stays one attribute value', () => {
    const xml = junit.renderClass!({ ...sampleClass() }, { color: false })
    expectJunitValid(xml)
    // The student named "Line\nBreak": printable makes it one line before it is an attribute
    expect(xml).toContain('<property name="student" value="Line Break"/>')
    expect(xml).not.toMatch(/value="[^"]*\n/)
  })

  test('a submission that cannot be graded does not look green: one more testcase fails, saying why', () => {
    const notGradable: GradeReport = { ...literalReport, gradable: false, notGradableReason: 'Cannot find "TCPServer.py" in the submission', score: 0, extraScore: 0, checks: literalReport.checks.map((c) => ({ ...c, status: 'skipped', score: 0 })) }
    const [suite] = suites(render(notGradable))
    expect(suite).toMatchObject({ '@tests': '6', '@failures': '1', '@errors': '0', '@skipped': '5' })
    const first = cases(suite!)[0]!
    expect(first['@name']).toBe('not-gradable: The submission could not be graded')
    expect(elements(first, 'failure')[0]).toMatchObject({ '@message': 'Cannot find "TCPServer.py" in the submission', '@type': 'not-gradable' })
  })

  test('a grader failure is an error testcase telling the student to contact course staff', () => {
    const failed: GradeReport = { ...literalReport, harnessError: { message: 'Worker exited with code 134', stack: 'Error: boom\n    at grade.ts:1' } }
    const [suite] = suites(render(failed))
    expect(suite).toMatchObject({ '@tests': '6', '@errors': '2' })
    const first = cases(suite!)[0]!
    expect(first['@name']).toBe('autograder-failed: The autograder failed; contact course staff')
    expect(elements(first, 'error')[0]).toMatchObject({ '@message': 'Worker exited with code 134', '@type': 'harness-error' })
    expect(textOf(elements(first, 'error')[0])).toBe('Worker exited with code 134\nError: boom\n    at grade.ts:1')
  })

  test('a failed check that cost no points (advisory, extra credit) is skipped with a message saying so, not a failure', () => {
    const base = literalReport.checks[1]!
    const advisory: CheckResult = { ...base, id: 'advisory', maxScore: 0 }
    const extra: CheckResult = { ...base, id: 'extra', extraCredit: true }
    const [suite] = suites(render({ ...literalReport, checks: [advisory, extra] }))
    expect(suite).toMatchObject({ '@tests': '2', '@failures': '0', '@skipped': '2' })
    const [a, e] = cases(suite!).map((c) => elements(c, 'skipped')[0]!)
    expect(a!['@message']).toMatch(/^Advisory \(no points\), not met: Sent "hello"/)
    expect(e!['@message']).toMatch(/^Extra credit, not earned: Sent "hello"/)
    expect(textOf(a)).toContain('Hint: The reply is the message unchanged')
  })

  test('a failure body is capped at 64 KiB of text', () => {
    const long: CheckResult = { ...literalReport.checks[1]!, transcript: Array.from({ length: 150 }, () => ({ dir: 'received' as const, text: 'x'.repeat(3000) })) }
    const failure = elements(cases(suites(render({ ...literalReport, checks: [long] }))[0]!)[0]!, 'failure')[0]!
    const body = textOf(failure)
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(64 * 1024)
    expect(body.endsWith('… (cut to fit)')).toBe(true)
  })

  test('renderClass: one testsuite per student, named by id, under one testsuites', () => {
    const results = sampleClass()
    const root = parsed(junit.renderClass!(results, { color: false }))
    const all = elements(root, 'testsuite')
    expect(all.map((s) => s['@name'])).toEqual(['1001', '1002', '1003', '1004', '1005', '1006'])
    expect(all.map((s) => [s['@failures'], s['@errors'], s['@skipped']])).toEqual([
      ['0', '0', '0'],
      ['0', '0', '1'], // extra credit not earned
      ['1', '0', '1'],
      ['2', '0', '2'],
      ['1', '0', '4'], // not gradable: its own failing testcase, the checks skipped
      ['0', '2', '2'], // the grader failed: its own error testcase and the check in error
    ])
    expect(root['@tests']).toBe(String(all.reduce((sum, s) => sum + Number(s['@tests']), 0)))
    expect(cases(all[0]!).every((c) => c['@classname'] === 'uppercase-udp')).toBe(true)
  })

  test('is a pure function: the same report renders the same text', () => {
    expect(render(literalReport)).toBe(render(structuredClone(literalReport)))
    expect(junit.renderClass!(sampleClass(), { color: false })).toBe(junit.renderClass!(sampleClass(), { color: false }))
  })

  test('the hostile fixture really is hostile', () => {
    expect(HOSTILE).toMatch(/[\u0000\u001b\ufffe\ud800]/)
  })
})
