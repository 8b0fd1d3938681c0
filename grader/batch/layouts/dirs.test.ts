import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { findAssignment } from '../../assignments/load.js'
import { UsageError } from '../../errors.js'
import { buildClass } from '../class-fixture.js'
import type { LayoutScan } from '../types.js'
import { scanClass } from './index.js'

const assignment = findAssignment('uppercase-udp')!
const temp = mkdtempSync(join(tmpdir(), 'sockgrade-dirs-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

let counter = 0
const PAIR = ['UDPClient.py', 'UDPServer.py']

// A class of folders whose student bob hands in the reference pair; the test adds the folders it is about
function freshClass(): { root: string; staging: string } {
  const root = join(temp, `class${++counter}`)
  buildClass('dirs', assignment, [{ id: 'bob', name: 'bob', work: 'solution' }], root)
  return { root, staging: join(temp, `staged${counter}`) }
}
const scan = (root: string, staging: string) => scanClass(root, { layout: 'auto', stagingDir: staging, assignment })

function student(result: LayoutScan, id: string) {
  const s = result.students.find((x) => x.id === id)
  if (!s) throw new Error(`no student ${id} in ${result.students.map((x) => x.id).join(', ')}`)
  return { files: s.files, notes: s.notes, flags: s.flags, ...(s.notGradableReason ? { notGradableReason: s.notGradableReason } : {}) }
}

describe('links in a student\'s folder', () => {
  test('a folder of links only says so, not "nothing submitted" alone', async () => {
    const { root, staging } = freshClass()
    mkdirSync(join(root, 'lena'))
    symlinkSync('/etc/passwd', join(root, 'lena', 'UDPServer.py'))
    symlinkSync('../missing.py', join(root, 'lena', 'UDPClient.py'))
    symlinkSync('/usr/lib', join(root, 'lena', 'lib'))
    const result = await scan(root, staging)
    expect(student(result, 'lena')).toEqual({
      files: [],
      notes: [],
      flags: ['empty'],
      notGradableReason: 'Nothing submitted: the folder holds only links, which are not followed: "UDPClient.py" → "../missing.py", "UDPServer.py" → "/etc/passwd", "lib" → "/usr/lib"',
    })
    expect(student(result, 'bob')).toEqual({ files: PAIR, notes: [], flags: [] })
  })

  test('a link out of the folder is left out with a note; a link to a file inside it is a file', async () => {
    const { root, staging } = freshClass()
    mkdirSync(join(root, 'mona'))
    writeFileSync(join(root, 'mona', 'UDPServer.py'), 'print(1)\n')
    symlinkSync('UDPServer.py', join(root, 'mona', 'UDPClient.py'))
    symlinkSync('/etc/hostname', join(root, 'mona', 'secret.py'))
    const result = await scan(root, staging)
    expect(student(result, 'mona')).toEqual({ files: PAIR, notes: ['left out "secret.py" → "/etc/hostname" (links out of the submission are not followed)'], flags: [] })
  })
})

describe('hidden entries at the top of the class folder', () => {
  test('skipped silently, unless a hidden folder holds Python files: then a warning', async () => {
    const { root, staging } = freshClass()
    mkdirSync(join(root, '.alice', 'src'), { recursive: true })
    writeFileSync(join(root, '.alice', 'src', 'UDPServer.py'), 'x')
    writeFileSync(join(root, '.alice', 'UDPClient.py'), 'x')
    mkdirSync(join(root, '.git'))
    writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n')
    mkdirSync(join(root, '.cache'))
    writeFileSync(join(root, '.cache', 'notes.txt'), 'x')
    writeFileSync(join(root, '.DS_Store'), 'x')
    writeFileSync(join(root, '.hidden.py'), 'x')
    const result = await scan(root, staging)
    expect(result.students.map((s) => s.id)).toEqual(['bob'])
    expect(result.warnings).toEqual(['Skipped ".alice/", a hidden folder that holds Python files (UDPClient.py, src/UDPServer.py): rename it without the leading dot to grade it as a student'])
  })

  test('a class folder with only a hidden student folder says why it found no submissions', async () => {
    const root = join(temp, `hidden-only${++counter}`)
    mkdirSync(join(root, '.bob'), { recursive: true })
    writeFileSync(join(root, '.bob', 'UDPServer.py'), 'x')
    await expect(scan(root, join(temp, `staged${counter}`))).rejects.toThrow(
      new UsageError(`Found no submissions in "${root}": the folder is empty but for hidden entries. Skipped ".bob/", a hidden folder that holds Python files (UDPServer.py): rename it without the leading dot to grade it as a student`),
    )
  })
})
