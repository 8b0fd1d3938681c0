import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { listFiles } from './list-files.js'

const tempDir = mkdtempSync(join(tmpdir(), 'sockgrade-list-files-'))
afterAll(() => rmSync(tempDir, { recursive: true, force: true }))

test('files are listed shallowest first, by name ignoring case, then by code unit, whatever order the folder gives', () => {
  const names = ['b.py', 'ä.py', 'a.py', 'Z.txt', 'A.py', '_notes.md']
  mkdirSync(join(tempDir, 'sub'))
  for (const name of names) writeFileSync(join(tempDir, name), '')
  writeFileSync(join(tempDir, 'sub', 'A.py'), '')
  expect(listFiles(tempDir, 's')).toEqual(['_notes.md', 'A.py', 'a.py', 'b.py', 'Z.txt', 'ä.py', 'sub/A.py'])
})
