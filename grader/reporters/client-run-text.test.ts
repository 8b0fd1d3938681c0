import { join } from 'node:path'
import MarkdownIt from 'markdown-it'
import { beforeAll, describe, expect, test } from 'vitest'
import type { GradeReport } from '../report.js'
import { gradeFixture } from '../test-support/grade-fixture.js'
import { markdown } from './markdown.js'
import { terminal } from './terminal.js'

const RECEIVES_FIRST = join(import.meta.dirname, '..', '..', 'reference', 'uppercase-udp', 'broken', 'client-receives-before-sending')
const CLIENT_CHECKS = ['client-sends-line', 'client-uses-transport', 'client-prints-reply', 'client-prints-decoded', 'client-exits-cleanly']
const TIMEOUT_MS = 60_000
const RAN = 'Ran the client with host'

// A client that waits to receive before it sends loses all five client checks on one run of it: the terminal and
// Markdown reports print that run once, under the first, and the four others point to it
describe('a client run the checks share is printed once', () => {
  let report: GradeReport
  beforeAll(async () => {
    report = await gradeFixture('uppercase-udp', RECEIVES_FIRST, ['server-listens', ...CLIENT_CHECKS])
  }, TIMEOUT_MS)

  test('the five client checks failed on one run: their transcripts are the same', () => {
    const client = report.checks.filter((c) => CLIENT_CHECKS.includes(c.id))
    expect(client.map((c) => c.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed'])
    expect(new Set(client.map((c) => JSON.stringify(c.transcript))).size).toBe(1)
  })

  test('terminal: the run under the first check, "see the run under" it in the four others', () => {
    const text = terminal.render(report, { color: false })
    expect(text.split(RAN)).toHaveLength(2)
    const blocks = blocksByCheck(text.split('\n'), (line) => /^ {2}\S /.test(line), (line) => line.slice(4).split(/\s+/)[0] as string)
    expect(blocks.get('client-sends-line')?.some((line) => line.includes(RAN))).toBe(true)
    for (const id of CLIENT_CHECKS.slice(1)) expect(blocks.get(id)?.filter((line) => /see the client run under client-sends-line/.test(line))).toHaveLength(1)
    // Everything else each check says is still there
    for (const check of report.checks.filter((c) => c.status !== 'passed')) expect(text).toContain(check.message)
  })

  test('Markdown, as GitHub shows it: one transcript block, and the others point to it', () => {
    const page = new MarkdownIt({ html: true, linkify: true }).render(markdown.render(report, { color: false }))
    expect(page.split(RAN)).toHaveLength(2)
    const blocks = blocksByCheck(page.split('\n'), (line) => line.startsWith('<h4>'), (line) => /<h4>\S+ ([^:]+):/.exec(line)?.[1] as string)
    expect(blocks.get('client-sends-line')?.join('\n')).toContain(RAN)
    for (const id of CLIENT_CHECKS.slice(1)) expect(blocks.get(id)?.join('\n')).toMatch(/see the client run under <strong>client-sends-line<\/strong>/)
  })
})

// The lines a report prints for each check, by the check's id
function blocksByCheck(lines: readonly string[], isHead: (line: string) => boolean, idOf: (line: string) => string): Map<string, string[]> {
  const blocks = new Map<string, string[]>()
  let current: string[] | undefined
  for (const line of lines) {
    if (isHead(line)) blocks.set(idOf(line), (current = []))
    else current?.push(line)
  }
  return blocks
}
