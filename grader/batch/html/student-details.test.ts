import { expect, test } from 'vitest'
import type { BatchEntry } from '../types.js'
import { STUDENT_TRANSCRIPT_CHARS, TRANSCRIPT_LINE_CHARS, TRANSCRIPT_LINES } from './caps.js'
import { hostileEntry, literalEntries } from './class-fixture.js'
import { renderStudentDetails } from './student-details.js'

const byId = (id: string) => literalEntries().find((e) => e.student.id === id)!

test("a hostile student's markup is text: no tag, no attribute, no ANSI, no line separator", () => {
  const out = renderStudentDetails(hostileEntry())
  expect(out).not.toMatch(/<script|<img|<svg|\u001b|\u2028|\u2029/)
  expect(out).not.toMatch(/<[^>]*\son(error|load)=/)
  expect(out).toContain('Mallory &#60;script&#62;window.__pwned=1&#60;/script&#62;')
  expect(out).toContain('<li>&#60;img src=x onerror=&#34;window.__pwned=1&#34;&#62;.py</li>')
  expect(out).toContain('red note')
})

test(`a transcript line is capped at ${TRANSCRIPT_LINE_CHARS} characters`, () => {
  const out = renderStudentDetails(hostileEntry())
  expect(out).toContain(`<code>${'A'.repeat(TRANSCRIPT_LINE_CHARS)}… (${10_000 - TRANSCRIPT_LINE_CHARS} more characters)</code>`)
})

test('a grader error shows its message, never its stack; a not gradable student its reason', () => {
  const dave = renderStudentDetails(byId('dave'))
  expect(dave).toContain('<dt>Grader error</dt><dd class="reason">Worker exited with signal SIGKILL</dd>')
  expect(dave).not.toContain('secret stack')
  expect(renderStudentDetails(byId('carol'))).toContain('<dt>Not gradable</dt><dd class="reason">Nothing submitted</dd>')
})

test('each check shows its status, points, message and hint; a hint only when it did not pass', () => {
  const bob = renderStudentDetails(byId('bob'), { anchorId: 'student-2', open: true })
  expect(bob).toMatch(/^<details class="student" id="student-2" open>/)
  expect(bob).toContain('<span class="points">0/2</span>')
  expect(bob).toContain('<p class="message">Sent &#34;hello&#34;: expected &#34;HELLO&#34;, received &#34;hello&#34;</p>')
  expect(bob.match(/class="hint"/g)).toHaveLength(1)
  expect(bob).toContain('<span class="points">advisory</span>')
  expect(bob).toContain('<span>grader</span><span>student client</span>')
})

test(`transcripts stop at ${TRANSCRIPT_LINES} lines a check and ${STUDENT_TRANSCRIPT_CHARS} characters a student`, () => {
  const base = byId('alice')
  const long = Array.from({ length: 60 }, (_, k) => ({ dir: 'sent' as const, text: `${k}`.padEnd(200, '.') }))
  const entry: BatchEntry = { ...base, report: { ...base.report, checks: base.report.checks.map((c) => ({ ...c, transcript: long })) } }
  const out = renderStudentDetails(entry)
  expect(out).toContain(`… ${60 - TRANSCRIPT_LINES} more transcript lines not shown`)
  expect(out).toContain("Transcript left out: this student's transcripts reached")
  const shown = [...out.matchAll(/<li class="sent">.*?<code>(.*?)<\/code>/g)].reduce((sum, m) => sum + (m[1]?.length ?? 0), 0)
  expect(shown).toBeLessThanOrEqual(STUDENT_TRANSCRIPT_CHARS + 300)
  expect(shown).toBeGreaterThan(STUDENT_TRANSCRIPT_CHARS - 300)
})
