import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { readStudentFile } from './read-student-file.js'

const dir = mkdtempSync(join(tmpdir(), 'sockgrade-read-student-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Issue 14 review: a program that leaves a FIFO where the grader reads a file after the run must not block it
test('a FIFO, a link and a file past the cap read as nothing, at once; a small regular file reads whole', () => {
  execFileSync('mkfifo', [join(dir, 'evil.py')])
  writeFileSync(join(dir, 'socket.py'), 'x = 1\n')
  symlinkSync('/etc/hostname', join(dir, 'link.py'))
  writeFileSync(join(dir, 'big.py'), 'x'.repeat(2048))
  const started = Date.now()
  expect(readStudentFile(join(dir, 'evil.py'), 1024)).toBeUndefined()
  expect(readStudentFile(join(dir, 'link.py'), 1024)).toBeUndefined()
  expect(readStudentFile(join(dir, 'big.py'), 1024)).toBeUndefined()
  expect(readStudentFile(join(dir, 'missing.py'), 1024)).toBeUndefined()
  expect(readStudentFile(join(dir, 'socket.py'), 1024)).toBe('x = 1\n')
  expect(Date.now() - started).toBeLessThan(1000)
})
