import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { findAssignment } from '../../assignments/load.js'
import { UsageError } from '../../errors.js'
import { writeArchive } from '../archives/write-archive.js'
import { buildClass, type FixtureStudent } from '../class-fixture.js'
import type { LayoutName, LayoutScan } from '../types.js'
import { describeScan, scanClass } from './index.js'

const assignment = findAssignment('uppercase-udp')!
const temp = mkdtempSync(join(tmpdir(), 'sockgrade-layouts-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

let counter = 0
function classOf(layout: LayoutName, students: readonly FixtureStudent[]): { root: string; staging: string } {
  const root = join(temp, `class${++counter}`)
  buildClass(layout, assignment, students, root)
  return { root, staging: join(temp, `staged${counter}`) }
}
const scan = (root: string, staging: string, layout: LayoutName | 'auto' = 'auto') => scanClass(root, { layout, stagingDir: staging, assignment })

// The fields a TA reads, without absolute paths
function summary(result: LayoutScan) {
  return result.students.map((s) => ({ id: s.id, name: s.name, files: s.files, flags: s.flags, ...(s.notGradableReason ? { notGradableReason: s.notGradableReason } : {}) }))
}
const PAIR = ['UDPClient.py', 'UDPServer.py']

const three: FixtureStudent[] = [
  { id: '1003', name: 'Carol Diaz', work: { broken: 'one-shot-server' } },
  { id: '1001', name: 'John Smith', work: 'solution' },
  { id: '1002', name: 'Jane Doe', work: 'hang', late: true },
]

describe('each layout, built by the class fixture, is detected and read back', () => {
  test('dirs: folder name is id and name; loose files are a warning', async () => {
    const { root, staging } = classOf('dirs', [{ id: 'bob', name: 'bob', work: 'solution' }, { id: 'alice', name: 'alice', work: 'empty' }])
    writeFileSync(join(root, 'grades-old.csv'), 'x')
    const result = await scan(root, staging)
    expect(result.layout).toBe('dirs')
    expect(result.detection).toBe('auto: 2 folders, one per student (no other layout matched)')
    expect(summary(result)).toEqual([
      { id: 'alice', name: 'alice', files: ['notes.txt'], flags: ['empty'] },
      { id: 'bob', name: 'bob', files: PAIR, flags: [] },
    ])
    expect(result.students[1]?.dir).toBe(join(root, 'bob'))
    expect(result.warnings).toEqual(['Left out 1 file at the top of the class folder, in no student\'s folder: "grades-old.csv"'])
  })

  test('archives: one archive each, extracted into staging, the single top folder taken away', async () => {
    const { root, staging } = classOf('archives', [{ id: 'alice', name: 'alice', work: 'solution' }, { id: 'bob', name: 'bob', work: { broken: 'server-lowercases' }, archive: 'tgz' }])
    const result = await scan(root, staging)
    expect(result.detection).toBe('auto: 2 archives (.zip, .tar.gz, .tgz, .tar), one per student')
    expect(summary(result)).toEqual([
      { id: 'alice', name: 'alice', files: PAIR, flags: [] },
      { id: 'bob', name: 'bob', files: PAIR, flags: [] },
    ])
    expect(result.students[0]?.dir).toBe(join(staging, 'alice'))
    expect(result.students[0]?.notes).toEqual(['took the files from "alice/" inside "alice.zip"'])
    expect(readFileSync(join(staging, 'bob', 'UDPServer.py'), 'utf8')).toContain('.lower()')
  })

  test('canvas: grouped by user id, names restored, the newest resubmission taken, late flagged', async () => {
    const { root, staging } = classOf('canvas', [...three.slice(0, 2), { ...three[2]!, resubmissions: 2 }])
    const result = await scan(root, staging)
    expect(result.detection).toBe('auto: 10 files named <name>_<userid>_<submissionid>_<file>')
    expect(summary(result)).toEqual([
      { id: '1001', name: 'smithjohn', files: PAIR, flags: [] },
      { id: '1002', name: 'doejane', files: PAIR, flags: ['late'] },
      { id: '1003', name: 'diazcarol', files: PAIR, flags: [] },
    ])
    expect(result.students[1]?.notes).toEqual([
      'late: Canvas named the files _LATE',
      'resubmission 2 taken: "UDPClient-2.py" as "UDPClient.py" (left out: "UDPClient-1.py", "UDPClient.py")',
      'resubmission 2 taken: "UDPServer-2.py" as "UDPServer.py" (left out: "UDPServer-1.py", "UDPServer.py")',
    ])
    expect(readFileSync(join(staging, '1002', 'UDPServer.py'), 'utf8')).toContain('never replies')
  })

  test('canvas: an uploaded zip is extracted in the student\'s folder', async () => {
    const { root, staging } = classOf('canvas', [{ id: '1001', name: 'John Smith', work: 'solution', archive: 'zip' }, { id: '1002', name: 'Jane Doe', work: 'solution' }])
    const result = await scan(root, staging)
    expect(summary(result)[0]).toEqual({ id: '1001', name: 'smithjohn', files: ['hw/UDPClient.py', 'hw/UDPServer.py'], flags: [] })
    expect(result.students[0]?.notes).toEqual(['extracted "hw.zip" into "hw/"'])
    expect(result.students[0]?.dir).toBe(join(staging, '1001'))
    expect(existsSync(join(staging, '1001', 'hw.zip'))).toBe(false)
  })

  test('moodle: participant id and full name from the folder; online text beside a file folder ignored', async () => {
    const { root, staging } = classOf('moodle', three)
    mkdirSync(join(root, 'Jane Doe_1002_assignsubmission_onlinetext_'))
    writeFileSync(join(root, 'Jane Doe_1002_assignsubmission_onlinetext_', 'onlinetext.html'), '<p>hi</p>')
    const result = await scan(root, staging)
    expect(result.detection).toBe('auto: 3 folders named <Full Name>_<id>_assignsubmission_file_, and 1 of online text')
    expect(summary(result)).toEqual([
      { id: '1001', name: 'John Smith', files: PAIR, flags: [] },
      { id: '1002', name: 'Jane Doe', files: PAIR, flags: [] },
      { id: '1003', name: 'Carol Diaz', files: PAIR, flags: [] },
    ])
    expect(result.warnings).toEqual([])
  })

  test('gradescope: names and late from submission_metadata.yml, id from the folder', async () => {
    const { root, staging } = classOf('gradescope', three)
    const result = await scan(root, staging)
    expect(result.detection).toBe('auto: submission_metadata.yml beside 3 submission_<id> folders')
    expect(summary(result)).toEqual([
      { id: '1001', name: 'John Smith', files: PAIR, flags: [] },
      { id: '1002', name: 'Jane Doe', files: PAIR, flags: ['late'] },
      { id: '1003', name: 'Carol Diaz', files: PAIR, flags: [] },
    ])
    expect(result.students[0]?.dir).toBe(join(root, 'submission_1001'))
    // What Gradescope's grade import matches students by
    expect(result.students[1]?.contacts).toEqual([{ name: 'Jane Doe', sid: '1002', email: '1002@example.edu' }])
  })

  test('gradescope: a metadata file that does not parse is a warning, students named by id', async () => {
    const { root, staging } = classOf('gradescope', three.slice(0, 1))
    writeFileSync(join(root, 'submission_metadata.yml'), 'submission_1003: [unclosed\n')
    const result = await scan(root, staging)
    expect(summary(result)).toEqual([{ id: '1003', name: '1003', files: PAIR, flags: [] }])
    expect(result.warnings).toEqual([
      'Cannot read submission_metadata.yml: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1; students are named by submission id',
    ])
  })

  test('classroom: the common <assignment>- prefix is cut off', async () => {
    const { root, staging } = classOf('classroom', [{ id: 'octocat', name: 'octocat', work: 'solution' }, { id: 'hubot', name: 'hubot', work: 'empty' }])
    const result = await scan(root, staging)
    expect(result.detection).toBe('auto: 2 folders named uppercase-udp-<username>, 2 of them git clones')
    expect(summary(result)).toEqual([
      { id: 'hubot', name: 'hubot', files: ['notes.txt'], flags: ['empty'] },
      { id: 'octocat', name: 'octocat', files: PAIR, flags: [] },
    ])
  })
})

describe('flags', () => {
  test('two server files are ambiguous; a TCP pair beside a UDP pair is not', async () => {
    const { root, staging } = classOf('dirs', [{ id: 'amy', name: 'amy', work: 'solution' }, { id: 'ben', name: 'ben', work: 'solution' }])
    writeFileSync(join(root, 'amy', 'server.py'), 'print(1)\n')
    writeFileSync(join(root, 'ben', 'TCPServer.py'), 'print(1)\n')
    const result = await scan(root, staging)
    expect(summary(result).map((s) => [s.id, s.flags])).toEqual([
      ['amy', ['ambiguous']],
      ['ben', []],
    ])
    expect(result.students[0]?.notes).toEqual(['ambiguous: 2 server files (UDPServer.py, server.py); the grader takes one of each, check which'])
  })

  test('two pairs in subfolders are ambiguous', async () => {
    const { root, staging } = classOf('dirs', [{ id: 'amy', name: 'amy', work: 'solution' }])
    mkdirSync(join(root, 'amy', 'v2'))
    writeFileSync(join(root, 'amy', 'v2', 'UDPServer.py'), 'x')
    writeFileSync(join(root, 'amy', 'v2', 'UDPClient.py'), 'x')
    const [amy] = (await scan(root, staging)).students
    expect(amy?.flags).toEqual(['ambiguous'])
    expect(amy?.notes).toEqual(['ambiguous: 2 server files (UDPServer.py, v2/UDPServer.py) and 2 client files (UDPClient.py, v2/UDPClient.py); the grader takes one of each, check which'])
  })

  test('a subfolder named after another student, and another user\'s Canvas file, are other-student', async () => {
    const { root, staging } = classOf('dirs', [{ id: 'alice', name: 'alice', work: 'solution' }, { id: 'bob', name: 'bob', work: 'solution' }, { id: 'carol', name: 'carol', work: 'solution' }])
    mkdirSync(join(root, 'alice', 'bob'))
    writeFileSync(join(root, 'alice', 'bob', 'UDPServer.py'), 'x')
    writeFileSync(join(root, 'carol', 'alice_UDPClient.py'), 'x')
    const result = await scan(root, staging)
    expect(summary(result).map((s) => [s.id, s.flags])).toEqual([
      ['alice', ['ambiguous', 'other-student']],
      ['bob', []],
      ['carol', ['ambiguous', 'other-student']],
    ])
    expect(result.students[0]?.notes.at(-1)).toBe('other student: "bob" names "bob" (bob), another student of the class')
    expect(result.students[2]?.notes.at(-1)).toBe('other student: "alice_UDPClient" names "alice" (alice), another student of the class')
  })

  test('a Canvas student whose zip holds another user\'s Canvas download is other-student', async () => {
    const { root, staging } = classOf('canvas', three.slice(0, 2))
    writeArchive(join(root, 'smithjohn_1001_50009_hw.zip'), 'zip', [{ name: 'diazcarol_1003_50001_UDPServer.py', text: 'x' }])
    const result = await scan(root, staging)
    const john = result.students.find((s) => s.id === '1001')
    expect(john?.flags).toEqual(['other-student'])
    expect(john?.notes).toContain('other student: "diazcarol_1003_50001_UDPServer" names "diazcarol" (1003), another student of the class')
    expect(john?.notes).toContain('left out 2 files of older submissions: "UDPClient.py", "UDPServer.py"')
  })

  test('a hostile archive makes only that student not gradable', async () => {
    const { root, staging } = classOf('archives', [{ id: 'alice', name: 'alice', work: 'solution' }])
    writeArchive(join(root, 'mallory.zip'), 'zip', [{ name: 'UDPServer.py', text: 'x' }, { name: '../../escaped.py', text: 'x' }])
    const result = await scan(root, staging)
    expect(summary(result)).toEqual([
      { id: 'alice', name: 'alice', files: PAIR, flags: [] },
      { id: 'mallory', name: 'mallory', files: [], flags: ['archive-refused'], notGradableReason: 'Refused "mallory.zip": entry "../../escaped.py" would be written outside the student\'s folder' },
    ])
    expect(existsSync(join(temp, 'escaped.py'))).toBe(false)
  })

  test('a folder with no files is not gradable, as nothing was submitted', async () => {
    const { root, staging } = classOf('dirs', [{ id: 'alice', name: 'alice', work: 'solution' }])
    mkdirSync(join(root, 'zed'))
    const result = await scan(root, staging)
    expect(summary(result)[1]).toEqual({ id: 'zed', name: 'zed', files: [], flags: ['empty'], notGradableReason: 'Nothing submitted: the submission has no files' })
  })
})

describe('ids, staging and errors', () => {
  test('ids are sanitized and collisions disambiguated in a fixed order', async () => {
    const root = join(temp, `ids${++counter}`)
    for (const name of ['José García', 'Jos_ Garc_a', 'alice', 'Alice', '.hidden-not']) {
      mkdirSync(join(root, name === '.hidden-not' ? 'x.y' : name), { recursive: true })
      writeFileSync(join(root, name === '.hidden-not' ? 'x.y' : name, 'UDPServer.py'), 'x')
    }
    const result = await scan(root, join(temp, `ids-staged${counter}`), 'dirs')
    expect(result.students.map((s) => [s.id, s.name])).toEqual([
      ['Alice', 'Alice'],
      ['Jos__Garc_a', 'Jos_ Garc_a'],
      ['Jos__Garc_a-2', 'José García'],
      ['alice-2', 'alice'],
      ['x.y', 'x.y'],
    ])
  })

  test('scanning twice into the same staging folder gives the same result', async () => {
    const { root, staging } = classOf('canvas', [{ ...three[1]!, resubmissions: 1 }, { ...three[0]!, archive: 'zip' }])
    const first = await scan(root, staging)
    writeFileSync(join(staging, '1001', 'stale.py'), 'x')
    const second = await scan(root, staging)
    expect(second).toEqual(first)
  })

  test('a missing root, an empty root and a layout that does not match are usage errors', async () => {
    await expect(scan(join(temp, 'nope'), temp)).rejects.toThrow(new UsageError(`Cannot read the class folder "${join(temp, 'nope')}": no such file or folder`))
    const empty = join(temp, `empty${++counter}`)
    mkdirSync(empty)
    await expect(scan(empty, temp)).rejects.toThrow(new UsageError(`Found no submissions in "${empty}": the folder is empty`))
    const { root, staging } = classOf('dirs', [{ id: 'alice', name: 'alice', work: 'solution' }])
    await expect(scan(root, staging, 'canvas')).rejects.toThrow(
      new UsageError(`Cannot read "${root}" as the canvas layout: expected files named <name>_<userid>_<submissionid>_<file>, found "alice/"; try --layout auto`),
    )
  })
})

describe('describeScan', () => {
  test('a small class is listed student by student, with flags and reasons', async () => {
    const { root, staging } = classOf('canvas', three)
    writeFileSync(join(root, 'roster.csv'), 'x')
    expect(describeScan(await scan(root, staging))).toBe(
      [
        'Layout: canvas (auto: 6 files named <name>_<userid>_<submissionid>_<file>)',
        '3 students: 1 flagged',
        '  1001  smithjohn  UDPClient.py, UDPServer.py',
        '  1002  doejane    UDPClient.py, UDPServer.py  [late]',
        '  1003  diazcarol  UDPClient.py, UDPServer.py',
        'Warning: Left out 1 entry not named <name>_<userid>_<submissionid>_<file>: "roster.csv"',
        '',
      ].join('\n'),
    )
  })

  test('a big class lists only the students with something to report', async () => {
    const students = Array.from({ length: 40 }, (_, i) => ({ id: `s${String(i).padStart(2, '0')}`, name: `s${i}`, work: i === 7 ? ('empty' as const) : ('solution' as const) }))
    const { root, staging } = classOf('dirs', students)
    expect(describeScan(await scan(root, staging, 'dirs'))).toBe(
      ['Layout: dirs (chosen with --layout dirs)', '40 students: 1 flagged', '  s07  s07  notes.txt  [empty]', '  … and 39 more with nothing to report', ''].join('\n'),
    )
  })
})
