import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { findAssignment } from '../../assignments/load.js'
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
