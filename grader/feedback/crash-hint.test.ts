import { join } from 'node:path'
import MarkdownIt from 'markdown-it'
import { beforeAll, describe, expect, test } from 'vitest'
import type { GradeReport } from '../report.js'
import { markdown } from '../reporters/markdown.js'
import { terminal } from '../reporters/terminal.js'
import { checkOf, gradeFixture } from '../test-support/grade-fixture.js'

const TIMEOUT_MS = 60_000

// The hint a crash gets when its error has none of its own reads on every platform: whole sentences a beginner can follow
describe('the generic crash hint, as the reports print it', () => {
  let report: GradeReport
  beforeAll(async () => {
    report = await gradeFixture('uppercase-udp', join(import.meta.dirname, 'fixtures', 'unhinted-crash-client'), ['client-sends-line', 'client-exits-cleanly'])
  }, TIMEOUT_MS)

  test('the crash is the KeyError, with the generic hint', () => {
    const sends = checkOf(report, 'client-sends-line')
    expect(sends.message).toContain('KeyError')
    expect(sends.hint).toMatch(/^Run the program/)
  })

  test('the terminal prints it as complete sentences, each ending with a full stop', () => {
    const text = terminal.render(report, { color: false })
    const hints = text.split('\n').filter((line) => line.trim().startsWith('Hint:')).map((line) => line.trim().slice('Hint: '.length))
    expect(hints).toHaveLength(1)
    expectCompleteSentences(hints[0] as string)
  })

  test('Markdown, as GitHub shows it, prints it as complete sentences, each ending with a full stop', () => {
    const page = new MarkdownIt({ html: true, linkify: true }).render(markdown.render(report, { color: false }))
    const hints = [...page.matchAll(/<p><strong>Hint:<\/strong> (.*?)<\/p>/g)].map((m) => m[1] as string)
    expect(hints).toHaveLength(1)
    expectCompleteSentences(hints[0] as string)
  })
})

function expectCompleteSentences(hint: string): void {
  expect(hint).toMatch(/\.$/)
  expect(hint).not.toMatch(/the line above it where/)
  const sentences = hint.split(/(?<=\.) /)
  for (const sentence of sentences) expect(sentence).toMatch(/^[A-Z].*[a-z)]\.$/)
  // A sentence that ends on a question word ("where", "which") was cut off
  for (const sentence of sentences) expect(sentence).not.toMatch(/\b(where|which|what|that|it)\.$/)
}
