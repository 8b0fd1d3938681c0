import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, closeSync, cpSync, existsSync, ftruncateSync, linkSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { gradeSubmission } from '../grade-submission.js'
import { removeScratch } from '../process/scratch.js'
import { isFullMarks, type GradeReport } from '../report.js'
import { detectIsolation } from '../sandbox/detect.js'
import { MAX_FILE_BYTES } from './copy-plan.js'
import { LEFT_OUT_LINK_TARGET, MAX_COPY_BYTES, privateCopy } from './private-copy.js'

const reference = join(import.meta.dirname, '..', '..', 'reference', 'uppercase-udp')
const sandboxHere = (await detectIsolation()).mode === 'sandbox'
const bwrapHere = process.platform === 'linux' && spawnSync('bwrap', ['--dev-bind', '/', '/', 'true']).status === 0

// The reference solution's two programs, in a new folder
function referenceCopy(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  for (const file of ['UDPServer.py', 'UDPClient.py']) cpSync(join(reference, file), join(dir, file))
  return dir
}

// A file of `bytes` that takes no room on disk (sparse), made at once whatever its size
function sparseFile(path: string, bytes: number): void {
  const fd = openSync(path, 'w')
  ftruncateSync(fd, bytes)
  closeSync(fd)
}

// A committed virtualenv: pyvenv.cfg and `count` small files in site-packages, 100 to a folder; hard links to one
// file, since creating 20,000 files one by one takes 20 s here and linking them about 1 s
function virtualenv(dir: string, count: number): void {
  const site = join(dir, 'lib', 'python3.11', 'site-packages')
  writeFileSync(join(dir, 'pyvenv.cfg'), 'home = /usr/bin\n')
  mkdirSync(site, { recursive: true })
  writeFileSync(join(site, 'six.py'), 'x = 1\n')
  for (let i = 0; i < count; i++) {
    const folder = join(site, `pkg${Math.floor(i / 100)}`)
    if (i % 100 === 0) mkdirSync(folder)
    linkSync(join(site, 'six.py'), join(folder, `m${i}.py`))
  }
}

// The checks that lost points, with their messages (readable when a test fails)
function lostPoints(report: GradeReport): string[] {
  return report.checks.filter((c) => !c.extraCredit && c.score < c.maxScore).map((c) => `${c.id}: ${c.message}`)
}

function files(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const path = prefix ? `${prefix}/${e.name}` : e.name
    return e.isDirectory() ? files(dir, path) : [path]
  })
}

describe('the private copy takes what grading needs', () => {
  test('tool folders, virtualenvs, big files and links out are left out, and the notes say so', () => {
    const dir = referenceCopy('sockgrade-copy-')
    for (const folder of ['.git/objects', '__pycache__', 'node_modules/x', '__MACOSX', 'env/lib/python3.12/site-packages', 'vendor/site-packages', 'data/empty']) mkdirSync(join(dir, folder), { recursive: true })
    for (const file of ['.git/HEAD', '__pycache__/UDPServer.cpython-311.pyc', 'node_modules/x/index.js', '__MACOSX/._UDPServer.py', 'env/lib/python3.12/site-packages/six.py', 'vendor/site-packages/six.py']) writeFileSync(join(dir, file), 'x')
    mkdirSync(join(dir, 'myvenv'))
    virtualenv(join(dir, 'myvenv'), 3)
    sparseFile(join(dir, 'data', 'capture.pcap'), 100 * 1024 * 1024)
    sparseFile(join(dir, 'data', 'at-the-limit.bin'), MAX_FILE_BYTES)
    writeFileSync(join(dir, 'data', 'words.txt'), 'hello\n')
    writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\n')
    chmodSync(join(dir, 'run.sh'), 0o755)
    symlinkSync('/etc/hostname', join(dir, 'outside'))
    symlinkSync('data', join(dir, 'data-link'))
    symlinkSync('.', join(dir, 'data', 'loop'))

    const copy = privateCopy(dir, 's', tmpdir(), undefined)
    try {
      expect(files(copy.dir).sort()).toEqual(['UDPClient.py', 'UDPServer.py', 'data/at-the-limit.bin', 'data/words.txt', 'outside', 'run.sh'])
      // The link out stays a link, leading nowhere: what it led to is not in the copy
      expect(readlinkSync(join(copy.dir, 'outside'))).toBe(LEFT_OUT_LINK_TARGET)
      expect(existsSync(join(copy.dir, 'outside'))).toBe(false)
      expect(existsSync(join(copy.dir, 'data', 'empty'))).toBe(true)
      expect(existsSync(join(copy.dir, 'vendor'))).toBe(true)
      expect(statSync(join(copy.dir, 'run.sh')).mode & 0o777).toBe(0o755)
      expect(copy.notes).toEqual([
        'Not copied for grading (a Python virtualenv or installed packages: the programs run with the grader\'s Python 3): "env", "myvenv", "vendor/site-packages"',
        'Not copied for grading (tool and archive folders, not part of the programs): ".git", "__MACOSX", "__pycache__", "node_modules"',
        'Not copied for grading (larger than 8 MiB, the limit for one file): "data/capture.pcap" (100 MiB)',
        'Not copied for grading (links that lead out of the submission, or nowhere): "outside"',
        'Not copied for grading (links to a folder copied already): "data/loop", "data-link"',
      ])
    } finally {
      removeScratch(copy.dir)
    }
  })

  test('past the room the copy has, program files are still copied and the largest other files are left out', () => {
    const dir = referenceCopy('sockgrade-copy-')
    const count = Math.ceil(MAX_COPY_BYTES / MAX_FILE_BYTES) + 1
    for (let i = 0; i < count; i++) sparseFile(join(dir, `frame${i}.bin`), MAX_FILE_BYTES - i)
    const copy = privateCopy(dir, 's', tmpdir(), undefined)
    try {
      const copied = files(copy.dir)
      expect(copied).toContain('UDPServer.py')
      expect(copied).toContain('UDPClient.py')
      expect(copied.filter((f) => f.endsWith('.bin')).length).toBe(Math.floor(MAX_COPY_BYTES / MAX_FILE_BYTES) - 1)
      expect(copy.notes).toEqual([expect.stringMatching(/^Not copied for grading \(past 32 MiB in all, the room the grading copy has\): "frame1\.bin", "frame0\.bin"$/)])
    } finally {
      removeScratch(copy.dir)
    }
  })
})

// privateCopy run in a process of its own whose copy goes to a tmpfs of `bytes` (bubblewrap mounts it): what it copied,
// or the error it threw
function copyOntoSmallDisk(dir: string, bytes: number): { files?: string[]; notes?: string[]; error?: string } {
  const small = mkdtempSync(join(tmpdir(), 'sockgrade-small-'))
  const module = join(import.meta.dirname, '..', '..', 'dist', 'grader', 'submission', 'private-copy.js')
  const script = `
    const { readdirSync } = await import('node:fs')
    const { privateCopy } = await import(${JSON.stringify(module)})
    try {
      const copy = privateCopy(${JSON.stringify(dir)}, 's', ${JSON.stringify(small)}, undefined)
      console.log(JSON.stringify({ files: readdirSync(copy.dir).sort(), notes: copy.notes }))
    } catch (error) {
      console.log(JSON.stringify({ error: error.message }))
    }`
  const argv = ['--dev-bind', '/', '/', '--size', String(bytes), '--tmpfs', small, process.execPath, '--input-type=module', '-e', script]
  return JSON.parse(execFileSync('bwrap', argv, { encoding: 'utf8', timeout: 30_000 })) as { files?: string[]; notes?: string[]; error?: string }
}

describe.runIf(bwrapHere)('when the disk of the copy is full', () => {
  test('the program files are copied first, and the files that did not fit are named', () => {
    const dir = referenceCopy('sockgrade-full-')
    for (let i = 0; i < 8; i++) writeFileSync(join(dir, `sample${i}.dat`), Buffer.alloc(200 * 1024 + i, 'x'))
    const result = copyOntoSmallDisk(dir, 1024 * 1024)
    expect(result.error).toBeUndefined()
    expect(result.files).toEqual(expect.arrayContaining(['UDPClient.py', 'UDPServer.py', 'sample0.dat']))
    expect(result.files).not.toContain('sample7.dat')
    expect(result.notes).toEqual([expect.stringMatching(/^Not copied for grading \(no space left where the grading copy is made\): "sample\d\.dat", .*"sample7\.dat"$/)])
  })

  test('a submission is not gradable for its size only when its program files do not fit', () => {
    const dir = referenceCopy('sockgrade-full-')
    writeFileSync(join(dir, 'UDPServer.py'), `${readFileSync(join(reference, 'UDPServer.py'), 'utf8')}\n${'#'.repeat(2 * 1024 * 1024)}\n`)
    expect(copyOntoSmallDisk(dir, 1024 * 1024).error).toBe('Cannot copy the submission "s": no space left for its program files (the submission is too large)')
  })
})

// As seen: a correct submission with a committed virtualenv, or a 100 MB capture, was "not gradable: no space left on
// device" in the sandbox, whose /tmp holds 64 MiB
describe('a correct submission carrying a virtualenv of 20,000 files and a 100 MB data file', () => {
  let dir: string
  beforeAll(() => {
    dir = referenceCopy('sockgrade-heavy-')
    mkdirSync(join(dir, '.venv'))
    virtualenv(join(dir, '.venv'), 20_000)
    sparseFile(join(dir, 'capture.pcap'), 100 * 1024 * 1024)
  })
  afterAll(() => removeScratch(dir))

  const expectedNotes = [
    'Not copied for grading (a Python virtualenv or installed packages: the programs run with the grader\'s Python 3): ".venv"',
    'Not copied for grading (larger than 8 MiB, the limit for one file): "capture.pcap" (100 MiB)',
  ]

  test('gets full marks in host mode, and the report says what was left out', async () => {
    const report = await gradeSubmission({ submission: dir, assignment: 'uppercase-udp', isolation: 'host' })
    expect(lostPoints(report)).toEqual([])
    expect(isFullMarks(report)).toBe(true)
    expect(report.notes).toEqual(expect.arrayContaining(expectedNotes))
  })

  test.runIf(sandboxHere)('gets full marks in sandbox mode, and the report says what was left out', async () => {
    const report = await gradeSubmission({ submission: dir, assignment: 'uppercase-udp', isolation: 'sandbox' })
    expect(report.notGradableReason).toBeUndefined()
    expect(lostPoints(report)).toEqual([])
    expect(isFullMarks(report)).toBe(true)
    expect(report.notes).toEqual(expect.arrayContaining(expectedNotes))
  })
})

// As seen: a server that is a link to a file outside the folder, or is more than 3 folders deep, was "not gradable
// (the folder is empty)"
describe.each(sandboxHere ? (['host', 'sandbox'] as const) : (['host'] as const))('a program that cannot be used is named with why, %s mode', (isolation) => {
  test.each([
    {
      name: 'a link to a file outside the submission',
      make: (dir: string) => symlinkSync(join(reference, 'UDPServer.py'), join(dir, 'UDPServer.py')),
      reason: 'Cannot find "UDPServer.py" in the submission (UDPServer.py is a link to a file outside the submission: links are not followed)',
    },
    {
      name: 'a link out, beside other files',
      make: (dir: string) => {
        mkdirSync(join(dir, 'src'))
        symlinkSync(join(reference, 'UDPServer.py'), join(dir, 'src', 'UDPServer.py'))
        writeFileSync(join(dir, 'README.md'), '# server\n')
      },
      reason: 'Cannot find "UDPServer.py" in the submission (src/UDPServer.py is a link to a file outside the submission: links are not followed; found: README.md)',
    },
    {
      name: 'a server five folders deep',
      make: (dir: string) => {
        mkdirSync(join(dir, 'a/b/c/d/e'), { recursive: true })
        cpSync(join(reference, 'UDPServer.py'), join(dir, 'a/b/c/d/e/UDPServer.py'))
      },
      reason: 'Cannot find "UDPServer.py" in the submission (found UDPServer.py 5 folders deep (a/b/c/d/e/UDPServer.py): programs are looked for at most 3 folders deep: move it up)',
    },
  ])('$name', async ({ make, reason }) => {
    const dir = mkdtempSync(join(tmpdir(), 'sockgrade-unused-'))
    make(dir)
    try {
      const report = await gradeSubmission({ submission: dir, assignment: 'uppercase-udp', isolation, only: 'server' })
      expect(report.harnessError).toBeUndefined()
      expect(report.notGradableReason).toBe(reason)
    } finally {
      removeScratch(dir)
    }
  }, 60_000)
})
