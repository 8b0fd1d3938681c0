import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { findAssignment } from '../../assignments/load.js'
import { buildClass } from '../class-fixture.js'
import type { LayoutScan } from '../types.js'
import { scanClass } from './index.js'

const assignment = findAssignment('uppercase-udp')!
const temp = mkdtempSync(join(tmpdir(), 'sockgrade-canvas-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

let counter = 0
const PAIR = ['UDPClient.py', 'UDPServer.py']

// A Canvas class whose student 1001 hands in the reference pair; the test adds the files it is about
function freshClass(): { root: string; staging: string } {
  const root = join(temp, `class${++counter}`)
  buildClass('canvas', assignment, [{ id: '1001', name: 'John Smith', work: 'solution' }], root)
  return { root, staging: join(temp, `staged${counter}`) }
}
const scan = (root: string, staging: string) => scanClass(root, { layout: 'canvas', stagingDir: staging, assignment })

function student(result: LayoutScan, id: string) {
  const s = result.students.find((x) => x.id === id)
  if (!s) throw new Error(`no student ${id} in ${result.students.map((x) => x.id).join(', ')}`)
  return { files: s.files, notes: s.notes, flags: s.flags, ...(s.notGradableReason ? { notGradableReason: s.notGradableReason } : {}) }
}

describe('file names that cannot be used never reach the staging folder', () => {
  test('original names "." and ".." are left out with a note; the rest of the student is staged', async () => {
    const { root, staging } = freshClass()
    writeFileSync(join(root, 'evil_1009_50009_..'), 'x')
    writeFileSync(join(root, 'evil_1009_50009_.'), 'x')
    writeFileSync(join(root, 'evil_1009_50009_UDPServer.py'), 'print(1)\n')
    const result = await scan(root, staging)
    expect(student(result, '1009')).toEqual({ files: ['UDPServer.py'], notes: ['left out 2 files whose names cannot be used: ".", ".."'], flags: [] })
    expect(readdirSync(join(staging, '1009'))).toEqual(['UDPServer.py'])
    expect(student(result, '1001')).toEqual({ files: PAIR, notes: [], flags: [] })
  })

  test('a student with only an unusable name is not gradable, with the note saying why', async () => {
    const { root, staging } = freshClass()
    writeFileSync(join(root, 'evil_1009_50009_..'), 'x')
    const result = await scan(root, staging)
    expect(student(result, '1009')).toEqual({
      files: [],
      notes: ['left out 1 file whose name cannot be used: ".."'],
      flags: ['empty'],
      notGradableReason: 'Nothing submitted: the submission has no files',
    })
  })
})

describe('a failure while staging one student is that student\'s, never the class\'s', () => {
  test('a Canvas file that is a broken link: that student is not gradable, the others are staged', async () => {
    const { root, staging } = freshClass()
    symlinkSync(join(temp, 'nowhere.py'), join(root, 'doejane_1002_50002_UDPServer.py'))
    const result = await scan(root, staging)
    expect(student(result, '1002')).toEqual({
      files: [],
      notes: [],
      flags: [],
      notGradableReason: 'Could not stage the submission for grading: no such file or folder ("doejane_1002_50002_UDPServer.py")',
    })
    expect(student(result, '1001')).toEqual({ files: PAIR, notes: [], flags: [] })
  })
})

describe('Canvas\'s "-N" suffix', () => {
  test('is a resubmission only beside the plain name: the highest N is taken; part-1/part-2 and a lone lab-2 keep their names', async () => {
    const { root, staging } = freshClass()
    const files: Record<string, string> = {
      'UDPServer.py': 'first\n',
      'UDPServer-1.py': 'second\n',
      'UDPServer-3.py': 'fourth\n',
      'part-1.py': 'part one\n',
      'part-2.py': 'part two\n',
      'lab-2.py': 'lab two\n',
      'README-2': 'readme\n',
    }
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, `leeann_1005_50005_${name}`), text)
    const result = await scan(root, staging)
    expect(student(result, '1005')).toEqual({
      files: ['README-2', 'UDPServer.py', 'lab-2.py', 'part-1.py', 'part-2.py'],
      notes: ['resubmission 3 taken: "UDPServer-3.py" as "UDPServer.py" (left out: "UDPServer-1.py", "UDPServer.py")'],
      flags: [],
    })
    expect(readFileSync(join(staging, '1005', 'UDPServer.py'), 'utf8')).toBe('fourth\n')
    expect(readFileSync(join(staging, '1005', 'part-1.py'), 'utf8')).toBe('part one\n')
    expect(readFileSync(join(staging, '1005', 'lab-2.py'), 'utf8')).toBe('lab two\n')
  })
})
