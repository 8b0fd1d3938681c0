import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { findAssignment } from '../../assignments/load.js'
import { writeArchive } from '../archives/write-archive.js'
import { buildClass } from '../class-fixture.js'
import { describeScan, scanClass } from './index.js'
import { printable } from './printable.js'

const assignment = findAssignment('uppercase-udp')!
const temp = mkdtempSync(join(tmpdir(), 'sockgrade-describe-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

const ESC = '\u001b'
const BEL = '\u0007'

describe('printable', () => {
  test.each([
    ['CSI: clear screen, colour, cursor up and erase line', `${ESC}[2J${ESC}[31mred${ESC}[0m ${ESC}[1A${ESC}[2Kx`, 'red x'],
    ['OSC window title, ended by BEL and by ST', `${ESC}]0;pwned${BEL}a${ESC}]2;title${ESC}\\b`, 'ab'],
    ['an OSC that is never ended swallows the rest', `ok${ESC}]8;;http://x`, 'ok'],
    ['DCS, and two-character ESC sequences', `${ESC}P1$r${ESC}\\a${ESC}c${ESC}(Bb${ESC}7c`, 'abc'],
    ['C1 controls: CSI, OSC, and NEL (a line break: a space)', `\u009b2Ja\u009d0;t\u009cb\u0085c`, 'ab c'],
    ['newlines, tabs and carriage returns become one space', `Eve\r\nWarning: fake\tline\rx`, 'Eve Warning: fake line x'],
    ['other C0, DEL, a lone ESC and bidi overrides are removed', `a\u0000\u0008b\u007fc\u202eevil\u2066d${ESC}`, 'abcevild'],
    ['plain text and accents are kept', 'José García – UDPServer.py', 'José García – UDPServer.py'],
  ])('%s', (_, text, expected) => {
    expect(printable(text)).toBe(expected)
  })
})

describe('describeScan prints nothing a student controls raw', () => {
  test('names from Gradescope metadata, file names, archive entries and class-folder entries', async () => {
    const root = join(temp, 'class')
    const evil = `${ESC}[2J${ESC}]0;pwned${BEL}Eve\nWarning: all good\u009b31m`
    buildClass('gradescope', assignment, [{ id: '1001', name: evil, work: 'solution' }, { id: '1002', name: 'Jane Doe', work: 'solution' }], root)
    writeFileSync(join(root, 'submission_1001', `${ESC}[1A${ESC}[2Knotes\n.txt`), 'x')
    mkdirSync(join(root, 'submission_1003'))
    writeArchive(join(root, 'submission_1003', 'hw.tgz'), 'tgz', [{ name: `../${ESC}[2Jx.py`, text: 'x' }])
    writeFileSync(join(root, `${ESC}[2Jroster${BEL}.csv`), 'x')
    const text = describeScan(await scanClass(root, { layout: 'auto', stagingDir: join(temp, 'staged'), assignment }))
    expect(text).toBe(
      [
        'Layout: gradescope (auto: submission_metadata.yml beside 3 submission_<id> folders)',
        '3 students: 1 not gradable',
        '  1001  Eve Warning: all good  notes .txt, UDPClient.py, UDPServer.py',
        '  1002  Jane Doe               UDPClient.py, UDPServer.py',
        '  1003  1003                   not gradable: Refused "hw.tgz": entry "../x.py" would be written outside the student\'s folder',
        'Warning: "submission_1003" has no entry in submission_metadata.yml: named by its id',
        'Warning: Left out 1 entry that are not submission_<id> folders: "roster.csv"',
        '',
      ].join('\n'),
    )
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
  })
})
