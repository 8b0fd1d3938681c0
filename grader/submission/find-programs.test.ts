import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { findAssignment } from '../assignments/load.js'
import { NotGradableError } from '../errors.js'
import { findPrograms } from './find-programs.js'

const udp = findAssignment('uppercase-udp')!
const both = { server: true, client: true }

function submission(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-find-'))
  for (const file of files) {
    mkdirSync(join(dir, dirname(file)), { recursive: true })
    writeFileSync(join(dir, file), '# program\n')
  }
  return dir
}

describe('findPrograms', () => {
  test('takes the files the assignment names from the top folder', () => {
    expect(findPrograms(submission(['UDPServer.py', 'UDPClient.py', 'notes.txt']), 's', udp, both)).toEqual({ server: 'UDPServer.py', client: 'UDPClient.py' })
  })

  test('ignores letter case', () => {
    expect(findPrograms(submission(['udpServer.py', 'UDPCLIENT.py']), 's', udp, both)).toEqual({ server: 'udpServer.py', client: 'UDPCLIENT.py' })
  })

  test('looks into subfolders of an unpacked archive, shallowest first, skipping __MACOSX', () => {
    const dir = submission(['__MACOSX/lab2/UDPServer.py', 'lab2/old/UDPServer.py', 'lab2/UDPServer.py', 'lab2/UDPClient.py'])
    expect(findPrograms(dir, 's', udp, both)).toEqual({ server: 'lab2/UDPServer.py', client: 'lab2/UDPClient.py' })
  })

  test('only the sides that are needed must be there', () => {
    expect(findPrograms(submission(['UDPServer.py']), 's', udp, { server: true, client: false })).toEqual({ server: 'UDPServer.py', client: undefined })
  })

  test.each([
    ['a missing file, naming what is there', ['UDPServer.py', 'client.py'], 'Cannot find "UDPClient.py" in the submission (found: client.py, UDPServer.py)'],
    ['an empty folder', [], 'Cannot find "UDPServer.py" and "UDPClient.py" in the submission (the folder is empty)'],
  ])('%s is not gradable', (_name, files, message) => {
    expect(() => findPrograms(submission(files), 's', udp, both)).toThrow(new NotGradableError(message))
  })

  test('a path that does not exist, or is a file, is not gradable and named as the user typed it', () => {
    expect(() => findPrograms('/nonexistent/alice', 'alice', udp, both)).toThrow(new NotGradableError('Cannot read the submission folder "alice": no such file or folder'))
    const file = join(submission(['UDPServer.py']), 'UDPServer.py')
    expect(() => findPrograms(file, 'UDPServer.py', udp, both)).toThrow(new NotGradableError('The submission "UDPServer.py" is not a folder: give the folder that holds the program files'))
  })
})
