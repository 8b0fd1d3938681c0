import { spawn } from 'node:child_process'
import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'
import { packageRoot } from '../paths.js'
import { canonicalPath, makeFolders, writeOutputFile } from './output-file.js'

const dir = mkdtempSync(join(tmpdir(), 'sockgrade-output-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('writeOutputFile', () => {
  test('a new file in new folders, then replaced whole', () => {
    const path = join(dir, 'a', 'b', 'r.xml')
    writeOutputFile(path, 'one')
    writeOutputFile(path, 'two')
    expect(readFileSync(path, 'utf8')).toBe('two')
  })
  test('through a symlink: the file it points at is written, the link kept', () => {
    writeFileSync(join(dir, 'real.md'), 'old')
    symlinkSync(join(dir, 'real.md'), join(dir, 'link.md'))
    writeOutputFile(join(dir, 'link.md'), 'new')
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(dir, 'real.md'), 'utf8')).toBe('new')
  })
  test('a named pipe is written into, not replaced by a file (as /dev/stdout would be)', async () => {
    const fifo = join(dir, 'pipe')
    await new Promise((resolve, reject) => spawn('mkfifo', [fifo]).on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(`mkfifo: ${code}`)))))
    const reader = spawn('cat', [fifo])
    let read = ''
    reader.stdout.on('data', (chunk: Buffer) => (read += chunk.toString()))
    const done = new Promise((resolve) => reader.on('exit', resolve))
    writeOutputFile(fifo, 'through the pipe\n')
    await done
    expect(read).toBe('through the pipe\n')
    expect(statSync(fifo).isFIFO()).toBe(true)
  })
})

describe('makeFolders', () => {
  test('makes every missing folder, and is content when they exist', () => {
    makeFolders(join(dir, 'm', 'n', 'o'))
    makeFolders(join(dir, 'm', 'n', 'o'))
    expect(statSync(join(dir, 'm', 'n', 'o')).isDirectory()).toBe(true)
  })
  test('under /proc it fails at once, where mkdirSync({ recursive: true }) spins for ever', async () => {
    // In a child with a deadline: the old way never returns and ignores signals, which would hang this test's worker
    const script = `import('${pathToFileURL(join(packageRoot, 'dist', 'grader', 'batch', 'output-file.js')).href}').then((m) => m.writeOutputFile('/proc/sockgrade-missing/x/j.xml', 'x'))`
    const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['-e', script], { timeout: 10_000, killSignal: 'SIGKILL' })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.on('exit', (code, signal) => resolve({ code, signal, stderr }))
    })
    expect(result.signal).toBeNull()
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain("ENOENT: no such file or directory, mkdir '/proc/sockgrade-missing'")
  }, 20_000)
})

describe('canonicalPath', () => {
  test('a link and its file, and a file not yet written under a linked folder, compare equal', () => {
    writeFileSync(join(dir, 'f.txt'), '')
    symlinkSync(join(dir, 'f.txt'), join(dir, 'f-link.txt'))
    expect(canonicalPath(join(dir, 'f-link.txt'))).toBe(canonicalPath(join(dir, 'f.txt')))
    symlinkSync(dir, join(dir, 'self'))
    expect(canonicalPath(join(dir, 'self', 'not-yet', 'x.xml'))).toBe(join(canonicalPath(dir), 'not-yet', 'x.xml'))
  })
})
