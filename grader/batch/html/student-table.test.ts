import { expect, test } from 'vitest'
import { literalEntries } from './class-fixture.js'
import { checkColumns, studentRow, studentTable } from './student-table.js'

const entries = literalEntries()
const checks = checkColumns(entries)
const cells = (row: string) => [...row.matchAll(/<td([^>]*)>(.*?)<\/td>/g)].map((m) => ({ attrs: m[1] ?? '', text: (m[2] ?? '').replace(/<[^>]+>/g, '') }))

test('check columns follow the rubric order of the reports', () => {
  expect(checks.map((c) => c.id)).toEqual(['server-listens', 'server-answers-basic', 'server-answers-varied', 'client-sends-line', 'client-prints-reply', 'server-survives-invalid-utf8'])
})

test("a partial student's row: score, percent, status and a mark per check, with sort values", () => {
  const bob = entries.find((e) => e.student.id === 'bob')!
  const row = cells(studentRow(bob, 'student-2', checks).value)
  expect(row.map((c) => c.text)).toEqual(['Bob Brown', 'bob', '4', '57%', 'late', 'Partial', '✓', '✗', '✓', '✓', '✗', '✓'])
  expect(row[2]?.attrs).toContain('data-v="4"')
  expect(row[7]?.attrs).toContain('data-v="1"')
})

test('a not gradable student and a grader error have no score, and sort below zero', () => {
  for (const id of ['carol', 'dave']) {
    const row = cells(studentRow(entries.find((e) => e.student.id === id)!, 'x', checks).value)
    expect(row.slice(2, 4).map((c) => c.text)).toEqual(['—', '—'])
    expect(row[2]?.attrs).toContain('data-v="-1"')
    expect(row.slice(6).map((c) => c.text)).toEqual(new Array(6).fill('–'))
  }
})

test('a row links to its details by position, never by the student id', () => {
  const hostile = entries.find((e) => e.student.name.includes('<script>'))!
  const row = studentRow(hostile, 'student-6', checks).value
  expect(row).toContain('data-target="student-6"')
  expect(row).toContain('<a href="#student-6">Mallory &#60;script&#62;')
  expect(row).not.toMatch(/<script|<svg|<img/)
})

test('the table has a header per column and a row per student', () => {
  const table = studentTable(entries, entries.map((_, i) => `student-${i + 1}`)).value
  expect(table.match(/<th /g)).toHaveLength(6 + checks.length)
  expect(table.match(/<tr class=/g)).toHaveLength(entries.length)
})

test('an advisory check not met and extra credit not earned get a neutral mark, not a failure', () => {
  const bob = entries.find((e) => e.student.id === 'bob')!
  const report = { ...bob.report, checks: [{ ...bob.report.checks[1]!, id: 'advisory', maxScore: 0, score: 0 }, { ...bob.report.checks[1]!, id: 'extra', extraCredit: true }] }
  const columns = checkColumns([{ ...bob, report }])
  const row = cells(studentRow({ ...bob, report }, 'x', columns).value)
  expect(row.slice(6).map((c) => [c.text, c.attrs.includes('advisory') || c.attrs.includes('extra-credit')])).toEqual([
    ['○', true],
    ['○', true],
  ])
  expect(columns.map((c) => c.kind)).toEqual(['advisory', 'extra-credit'])
})
