import type { BatchResults } from '../batch/types.js'
import type { CheckResult, GradeReport } from '../report.js'
import { missedWithoutLoss, missKind, transcriptText } from './check-text.js'
import { cleanText, printable, truncate, truncateBytes } from './clean.js'
import type { Reporter } from './reporter.js'

// A failure's body (message, hint, transcript) is cut to 64 KiB of text: CI servers keep every report they are given
const MAX_BODY_BYTES = 64 * 1024
const MAX_ATTRIBUTE_CHARS = 1_000
const MAX_TRANSCRIPT_LINES = 200
const MAX_TRANSCRIPT_LINE_CHARS = 4_000

type Outcome = 'passed' | 'failure' | 'error' | 'skipped'

/** One <testcase>: its outcome element carries `message` (an attribute, one line) and `body` (text) */
interface TestCase {
  readonly name: string
  readonly outcome: Outcome
  readonly type?: string
  readonly message?: string
  readonly body?: string
}

interface Counts {
  tests: number
  failures: number
  errors: number
  skipped: number
}

// JUnit XML as GitLab, Jenkins, CodeGrade and the GitHub test-report actions read it: one <testsuite> for the
// assignment, one <testcase> per check. A report with nothing failed must mean a submission that earned its points:
// - not gradable: one more testcase, failed, saying why (the checks themselves are all skipped and would look green);
// - the grader failed: one more testcase, an <error>, "The autograder failed; contact course staff";
// - a failed check that cost no points (advisory, or extra credit not earned) is <skipped> with a message saying
//   so, not a failure, as the CLI exits 0 for it.
// The report has no time per check: each testcase says time="0" and the suite carries the grading's duration
export const junit: Reporter = {
  name: 'junit',
  extension: 'xml',
  description: 'JUnit XML: a testsuite per assignment, a testcase per check (GitLab, Jenkins, CodeGrade, GitHub)',
  render: (report) => document([suite(report, report.assignment, [])], report.durationMs),
  renderClass: (results: BatchResults) =>
    document(
      results.entries.map((entry) => suite(entry.report, entry.student.id, [['student', entry.student.name]])),
      results.entries.reduce((sum, entry) => sum + entry.report.durationMs, 0),
    ),
}

function document(suites: readonly { xml: string; counts: Counts }[], durationMs: number): string {
  // No skipped total: junit-10.xsd (the Jenkins xUnit plugin's schema) allows it on each <testsuite>, not on <testsuites>
  const total = suites.reduce((sum, s) => ({ tests: sum.tests + s.counts.tests, failures: sum.failures + s.counts.failures, errors: sum.errors + s.counts.errors }), { tests: 0, failures: 0, errors: 0 })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sockgrade"${countAttributes(total)} time="${seconds(durationMs)}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n')
}

function suite(report: GradeReport, name: string, extra: readonly (readonly [string, string])[]): { xml: string; counts: Counts } {
  const cases = [...reportCases(report), ...report.checks.map(checkCase)]
  const counts: Counts = {
    tests: cases.length,
    failures: cases.filter((c) => c.outcome === 'failure').length,
    errors: cases.filter((c) => c.outcome === 'error').length,
    skipped: cases.filter((c) => c.outcome === 'skipped').length,
  }
  const properties: (readonly [string, string])[] = [
    ...extra,
    ['assignment', report.assignment],
    ['submission', report.submission],
    ['score', String(report.score)],
    ['maxScore', String(report.maxScore)],
    ['extraScore', String(report.extraScore)],
    ['gradable', String(report.gradable)],
    ['seed', String(report.seed)],
    ...(report.deadlineReached ? [['deadlineReached', 'true'] as const] : []),
  ]
  const systemOut = [...(report.notes ?? []), ...(report.causes ?? []).map((c) => `Cause: ${c.message} (first seen in ${c.check})`)]
  const xml = [
    `  <testsuite name="${attribute(name)}"${countAttributes(counts)} time="${seconds(report.durationMs)}">`,
    '    <properties>',
    ...properties.map(([key, value]) => `      <property name="${attribute(key)}" value="${attribute(value)}"/>`),
    '    </properties>',
    ...cases.map((c) => testcase(c, report.assignment)),
    ...(systemOut.length ? [`    <system-out>${text(body(systemOut))}</system-out>`] : []),
    '  </testsuite>',
  ].join('\n')
  return { xml, counts }
}

// The testcases a report adds before its checks: why it could not be graded, or that the grader failed
function reportCases(report: GradeReport): TestCase[] {
  if (report.harnessError) {
    const { message, stack } = report.harnessError
    return [{ name: 'autograder-failed: The autograder failed; contact course staff', outcome: 'error', type: 'harness-error', message, body: body([message, ...(stack ? [stack] : [])]) }]
  }
  if (!report.gradable) {
    const reason = report.notGradableReason ?? 'unknown reason'
    return [{ name: 'not-gradable: The submission could not be graded', outcome: 'failure', type: 'not-gradable', message: reason, body: body([`Not gradable: ${reason}`]) }]
  }
  return []
}

function checkCase(check: CheckResult): TestCase {
  const name = `${check.id}: ${check.name}`
  if (check.status === 'passed') return { name, outcome: 'passed' }
  if (check.status === 'skipped') return { name, outcome: 'skipped', message: check.message }
  const details = body([check.message, ...(check.hint ? [`Hint: ${check.hint}`] : []), ...transcriptText(check.transcript, MAX_TRANSCRIPT_LINES, MAX_TRANSCRIPT_LINE_CHARS)])
  if (check.status === 'error') return { name, outcome: 'error', type: 'grader-error', message: check.message, body: details }
  if (missedWithoutLoss(check)) return { name, outcome: 'skipped', message: `${missKind(check)}: ${check.message}`, body: details }
  return { name, outcome: 'failure', type: 'check-failed', message: check.message, body: details }
}

function testcase(c: TestCase, classname: string): string {
  const open = `    <testcase classname="${attribute(classname)}" name="${attribute(c.name)}" time="0"`
  if (c.outcome === 'passed') return `${open}/>`
  const type = c.type ? ` type="${attribute(c.type)}"` : ''
  const message = c.message === undefined ? '' : ` message="${attribute(c.message)}"`
  const element = c.outcome === 'skipped' ? 'skipped' : c.outcome
  const inner = c.body === undefined ? `<${element}${message}${type}/>` : `<${element}${message}${type}>${text(c.body)}</${element}>`
  return `${open}>\n      ${inner}\n    </testcase>`
}

function countAttributes(counts: Omit<Counts, 'skipped'> & Partial<Pick<Counts, 'skipped'>>): string {
  return ` tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}"${counts.skipped === undefined ? '' : ` skipped="${counts.skipped}"`}`
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3)
}

// Lines of a body, cleaned (no terminal codes, nothing XML 1.0 forbids) and cut to MAX_BODY_BYTES
function body(lines: readonly string[]): string {
  return truncateBytes(cleanText(lines.join('\n')), MAX_BODY_BYTES)
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' }

// Element text: cleaned, then & < > " ' escaped ("]]>" cannot end anything: its ">" is escaped)
function text(value: string): string {
  return cleanText(value).replace(/[&<>"']/g, (c) => ENTITIES[c] as string)
}

// An attribute value: one line, cut, escaped; line breaks and tabs as references, which attribute normalization keeps
function attribute(value: string): string {
  return truncate(printable(value), MAX_ATTRIBUTE_CHARS).replace(/[&<>"'\n\r\t]/g, (c) => ENTITIES[c] as string)
}
