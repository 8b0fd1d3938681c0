import { execFileSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { batchResults } from './entries.js'
import { entry, MAX_SCORE, report, sampleEntries, SETTINGS } from './fixtures/class-entries.js'
import { csvCell, gradesCsv } from './grades-csv.js'

const results = batchResults(SETTINGS, sampleEntries(), MAX_SCORE)

// Python's csv module reads the file back, as a spreadsheet import would: an independent RFC 4180 parser
function parseWithPython(text: string): string[][] {
  const script = 'import csv, io, json, sys; data = sys.stdin.buffer.read().decode("utf-8-sig"); print(json.dumps(list(csv.reader(io.StringIO(data, newline="")))))'
  return JSON.parse(execFileSync('python3', ['-c', script], { input: Buffer.from(text, 'utf8') }).toString('utf8')) as string[][]
}

describe('gradesCsv default', () => {
  const text = gradesCsv(results, 'default')

  test('starts with a UTF-8 byte-order mark and ends every record with CRLF', () => {
    expect(text.startsWith('\uFEFFstudent,id,')).toBe(true)
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(text.endsWith('\r\n')).toBe(true)
    // the only bare LF is the one inside the quoted name "Line\nBreak"
    expect(text.replaceAll('\r\n', '').split('\n')).toHaveLength(2)
  })

  test('reads back exactly, names with commas, quotes, newlines and non-ASCII letters included', () => {
    expect(parseWithPython(text)).toEqual([
      ['student', 'id', 'score', 'extra', 'max', 'percent', 'status', 'flags', 'server-listens', 'server-answers-basic', 'client-prints-reply', 'server-concurrent'],
      ['Ada Lovelace', '1001', '10', '1', '10', '100', 'full marks', '', '2', '4', '4', '1'],
      ['Zoë Ångström, Jr.', '1002', '10', '0', '10', '100', 'full marks', 'late', '2', '4', '4', '0'],
      ['Bob "Bobby" Tables', '1003', '6', '0', '10', '60', 'partial', '', '2', '0', '4', '0'],
      [`'=HYPERLINK("http://evil.example","click")`, '1004', '0', '0', '10', '0', 'zero', '', '0', '0', '0', '0'],
      ['李小龍', '1005', '0', '0', '10', '0', 'not gradable', 'empty', '0', '0', '0', '0'],
      ['Line\nBreak', '1006', '', '', '10', '', 'grader error', '', '', '', '', ''],
    ])
  })

  test('quotes per RFC 4180: doubled quotes, and only fields that need it', () => {
    expect(text).toContain('\r\n"Zoë Ångström, Jr.",1002,10,0,10,100,full marks,late,2,4,4,0\r\n')
    expect(text).toContain('\r\n"Bob ""Bobby"" Tables",1003,')
    expect(text).toContain(`\r\n"'=HYPERLINK(""http://evil.example"",""click"")",1004,`)
    expect(text).toContain('\r\n"Line\nBreak",1006,,,10,,grader error,,,,,\r\n')
  })
})

describe('csvCell', () => {
  test.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1', "'+1"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tTAB', "'\tTAB"],
    // Cleaned as the reporters clean text: a lone CR is a line break
    ['\rCR', `"'\nCR"`],
    ['\u001b[31mred\u001b[0m', 'red'],
    ['\u001b[0m=SUM(A1)', "'=SUM(A1)"],
    ['bell\u0007 and \u202eright-to-left', 'bell and right-to-left'],
    ['a=b', 'a=b'],
    ['plain', 'plain'],
    ['', ''],
  ])('text %j → %j', (cell, written) => {
    expect(csvCell(cell)).toBe(written)
  })

  test('numbers are never neutralised or quoted; undefined is an empty cell', () => {
    expect(csvCell(-1)).toBe('-1')
    expect(csvCell(2.5)).toBe('2.5')
    expect(csvCell(undefined)).toBe('')
  })

  test('a student id that looks like a formula is neutralised too', () => {
    const text = gradesCsv(batchResults(SETTINGS, [entry('-2+3', report([]), '@me')], MAX_SCORE), 'default')
    expect(parseWithPython(text)[1]?.slice(0, 2)).toEqual(["'@me", "'-2+3"])
  })

  test('fractional points are rounded to 4 decimals, percent to 2', () => {
    const thirds = report(['failed', 'failed', 'failed', 'failed'], { score: 0.1 + 0.2, extraScore: 0, maxScore: 9 })
    const row = parseWithPython(gradesCsv(batchResults(SETTINGS, [entry('x', thirds)], 9), 'default'))[1]
    expect(row?.slice(2, 6)).toEqual(['0.3', '0', '9', '3.33'])
  })
})

describe('LMS variants', () => {
  test('canvas: the Gradebook import columns, the assignment as the grade column, extra credit counted', () => {
    expect(parseWithPython(gradesCsv(results, 'canvas'))).toEqual([
      ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'uppercase-udp'],
      ['Ada Lovelace', '1001', '', '', '', '11'],
      ['Zoë Ångström, Jr.', '1002', '', '', '', '10'],
      ['Bob "Bobby" Tables', '1003', '', '', '', '6'],
      [`'=HYPERLINK("http://evil.example","click")`, '1004', '', '', '', '0'],
      ['李小龍', '1005', '', '', '', '0'],
      ['Line\nBreak', '1006', '', '', '', ''],
    ])
  })

  test('moodle: the offline grading worksheet columns, "Participant <id>", grades capped at the maximum', () => {
    expect(parseWithPython(gradesCsv(results, 'moodle'))).toEqual([
      ['Identifier', 'Full name', 'Grade', 'Last modified (grade)'],
      ['Participant 1001', 'Ada Lovelace', '10', ''],
      ['Participant 1002', 'Zoë Ångström, Jr.', '10', ''],
      ['Participant 1003', 'Bob "Bobby" Tables', '6', ''],
      ['Participant 1004', `'=HYPERLINK("http://evil.example","click")`, '0', ''],
      ['Participant 1005', '李小龍', '0', ''],
      ['Participant 1006', 'Line\nBreak', '', ''],
    ])
  })

  test('gradescope: Name, SID, Email, Total Score, Max Points, Submission ID', () => {
    expect(parseWithPython(gradesCsv(results, 'gradescope'))).toEqual([
      ['Name', 'SID', 'Email', 'Total Score', 'Max Points', 'Submission ID'],
      ['Ada Lovelace', '', '', '11', '10', '1001'],
      ['Zoë Ångström, Jr.', '', '', '10', '10', '1002'],
      ['Bob "Bobby" Tables', '', '', '6', '10', '1003'],
      [`'=HYPERLINK("http://evil.example","click")`, '', '', '0', '10', '1004'],
      ['李小龍', '', '', '0', '10', '1005'],
      ['Line\nBreak', '', '', '', '10', '1006'],
    ])
  })

  test('gradescope: SID and Email from the metadata; a group submission gives one row per submitter', () => {
    const [first, ...rest] = results.entries
    const group = { ...first!, student: { ...first!.student, contacts: [{ name: 'Ada Lovelace', sid: '7', email: 'ada@example.edu' }, { name: '=Eve', sid: '8', email: 'eve@example.edu' }] } }
    const rows = parseWithPython(gradesCsv({ ...results, entries: [group, ...rest] }, 'gradescope'))
    expect(rows.slice(1, 3)).toEqual([
      ['Ada Lovelace', '7', 'ada@example.edu', '11', '10', '1001'],
      [`'=Eve`, '8', 'eve@example.edu', '11', '10', '1001'],
    ])
  })

  test.each(['canvas', 'moodle', 'gradescope'] as const)('%s has the BOM and CRLF too', (format) => {
    const text = gradesCsv(results, format)
    expect(text.startsWith('\uFEFF')).toBe(true)
    expect(text.split('\r\n')).toHaveLength(8)
  })
})

// As seen: a folder named with terminal sequences kept them raw in grades.csv's student column
describe('every text cell is cleaned of terminal sequences and controls, in every format', () => {
  const hostile = '\u001b]0;pwned\u0007\u001b[31mRed\u001b[0m \u001b]8;;http://evil.example\u001b\\click\u001b]8;;\u001b\\ \u202eevil\u009b2J'
  const contacts = [{ name: hostile, sid: '\u001b[1m42', email: 'e\u001b]52;c;Zm9v\u0007@example.edu' }]
  const hostileResults = batchResults(SETTINGS, [entry('1001', report([]), hostile, { flags: ['late'], contacts })], MAX_SCORE)

  test.each([
    { format: 'default' as const, row: ['Red click evil', '1001', '10', '1', '10', '100', 'full marks', 'late', '2', '4', '4', '1'] },
    { format: 'canvas' as const, row: ['Red click evil', '1001', '', '', '', '11'] },
    { format: 'moodle' as const, row: ['Participant 1001', 'Red click evil', '10', ''] },
    { format: 'gradescope' as const, row: ['Red click evil', '42', 'e@example.edu', '11', '10', '1001'] },
  ])('$format', ({ format, row }) => {
    const text = gradesCsv(hostileResults, format)
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    expect(parseWithPython(text)[1]).toEqual(row)
  })
})
