import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { findAssignment } from '../../assignments/load.js'
import { buildClass } from '../class-fixture.js'
import { describeScan, scanClass } from './index.js'

const assignment = findAssignment('uppercase-udp')!
const temp = mkdtempSync(join(tmpdir(), 'sockgrade-moodle-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

const PAIR = ['UDPClient.py', 'UDPServer.py']

function onlineText(root: string, folder: string): void {
  mkdirSync(join(root, folder))
  writeFileSync(join(root, folder, 'onlinetext.html'), '<p>my server is below</p>')
}

describe('moodle: online text', () => {
  test('a student with only online text is listed, not gradable; one with both is graded on the file folder', async () => {
    const root = join(temp, 'class')
    buildClass('moodle', assignment, [{ id: '1001', name: 'John Smith', work: 'solution' }, { id: '1002', name: 'Jane Doe', work: 'solution' }], root)
    onlineText(root, 'Jane Doe_1002_assignsubmission_onlinetext_')
    onlineText(root, 'Cara Onlyonline_103_assignsubmission_onlinetext_')
    const result = await scanClass(root, { layout: 'auto', stagingDir: join(temp, 'staged'), assignment })
    expect(result.detection).toBe('auto: 2 folders named <Full Name>_<id>_assignsubmission_file_, and 2 of online text')
    expect(result.students.map((s) => ({ id: s.id, name: s.name, dir: s.dir, files: s.files, flags: s.flags, reason: s.notGradableReason }))).toEqual([
      { id: '1001', name: 'John Smith', dir: join(root, 'John Smith_1001_assignsubmission_file_'), files: PAIR, flags: [], reason: undefined },
      { id: '1002', name: 'Jane Doe', dir: join(root, 'Jane Doe_1002_assignsubmission_file_'), files: PAIR, flags: [], reason: undefined },
      { id: '103', name: 'Cara Onlyonline', dir: join(root, 'Cara Onlyonline_103_assignsubmission_onlinetext_'), files: [], flags: ['empty'], reason: 'Submitted online text only, no file' },
    ])
    expect(result.warnings).toEqual([])
    expect(describeScan(result)).toBe(
      [
        'Layout: moodle (auto: 2 folders named <Full Name>_<id>_assignsubmission_file_, and 2 of online text)',
        '3 students: 1 not gradable',
        '  1001  John Smith       UDPClient.py, UDPServer.py',
        '  1002  Jane Doe         UDPClient.py, UDPServer.py',
        '  103   Cara Onlyonline  not gradable: Submitted online text only, no file',
        '',
      ].join('\n'),
    )
  })

  test('a class of file folders only says nothing of online text', async () => {
    const root = join(temp, 'files-only')
    buildClass('moodle', assignment, [{ id: '1001', name: 'John Smith', work: 'solution' }], root)
    const result = await scanClass(root, { layout: 'auto', stagingDir: join(temp, 'staged2'), assignment })
    expect(result.detection).toBe('auto: 1 folder named <Full Name>_<id>_assignsubmission_file_')
  })
})
