import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { gradeSubmission } from '../grade-submission.js'
import { resolvePython } from '../process/python.js'
import { makeScratch, removeScratch } from '../process/scratch.js'
import type { GradeReport } from '../report.js'
import { reporters } from '../reporters/index.js'
import { detectIsolation } from '../sandbox/detect.js'
import { checkOf } from '../test-support/grade-fixture.js'
import { expectJunitValid } from '../test-support/junit-xsd.js'
import { crashOf } from './crash.js'
import { KNOWN_ERRORS } from './python-errors.js'
import { importedModules, shadowingHint } from './shadowed-modules.js'

const sandboxAvailable = (await detectIsolation()).mode === 'sandbox'
const TIMEOUT_MS = 90_000
const fixture = join(import.meta.dirname, 'fixtures', 'scratch-socket-py')
const HINT = 'Rename "socket.py" in the program\'s folder (for example to "socket_test.py"): Python imports it instead of the standard socket module the program uses'

let scratch: string
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sockgrade-shadowed-'))
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

// The textbook UDP server and client, with a student's experiment saved as socket.py beside them
function submission(name: string, change?: (dir: string) => void): string {
  const dir = join(scratch, name)
  cpSync(fixture, dir, { recursive: true })
  change?.(dir)
  return dir
}

function graded(dir: string, isolation: 'host' | 'sandbox'): Promise<GradeReport> {
  return gradeSubmission({ submission: dir, assignment: 'uppercase-udp', seed: 1, isolation })
}

// What a student is told, without the address: a free port on 127.0.0.1 on the host, the assignment's port and host
// name in a sandbox
function verdict(report: GradeReport) {
  const port = (text: string | undefined) => text?.replace(/(?:(?:127\.0\.0\.1|localhost) )?port \d+/g, 'port N')
  return {
    score: report.score,
    checks: report.checks.map((c) => ({ id: c.id, status: c.status, message: port(c.message), hint: c.hint })),
    causes: report.causes?.map((c) => ({ ...c, message: port(c.message) })),
  }
}

describe.concurrent('a scratch socket.py beside a correct program: graded as `python3 UDPServer.py` runs', () => {
  test('host mode: both programs fail at their first socket() call, and the hint names the file to rename', { timeout: TIMEOUT_MS }, async () => {
    const report = await graded(submission('host'), 'host')
    expect(report.score).toBe(0)
    const listens = checkOf(report, 'server-listens')
    expect(listens.message).toMatch(/^The server stopped before listening on UDP port \d+: it exited with code 1: NameError: name 'socket' is not defined \(UDPServer\.py line 4: serverSocket = socket\(AF_INET, SOCK_DGRAM\)\)$/)
    expect(listens.hint).toBe(HINT)
    const sends = checkOf(report, 'client-sends-line')
    expect(sends.message).toContain("NameError: name 'socket' is not defined (UDPClient.py line 5: clientSocket = socket(AF_INET, SOCK_DGRAM))")
    expect(sends.hint).toBe(HINT)
    expect(report.checks.filter((c) => c.hint !== undefined).map((c) => c.id)).toEqual(['server-listens', 'client-sends-line'])
  })

  test.runIf(sandboxAvailable)('sandbox mode: the same verdict, messages and hint as host mode', { timeout: TIMEOUT_MS }, async () => {
    const [host, sandbox] = await Promise.all([graded(submission('both-host'), 'host'), graded(submission('both-sandbox'), 'sandbox')])
    expect(checkOf(sandbox, 'server-listens').hint).toBe(HINT)
    expect(verdict(sandbox)).toEqual(verdict(host))
  })

  test('every report format shows the hint', { timeout: TIMEOUT_MS }, async () => {
    const report = await graded(submission('formats'), 'host')
    expectJunitValid(reporters.junit.render(report, { color: false }))
    for (const [name, reporter] of Object.entries(reporters)) {
      // Undone: JSON's backslashes, then Markdown's inside them, and HTML's and XML's entities
      const text = reporter
        .render(report, { color: false })
        .replace(/\\(.)/g, '$1')
        .replace(/\\(.)/g, '$1')
        .replace(/&quot;|&#34;/g, '"')
        .replace(/&#39;|&#x27;|&apos;/g, "'")
      expect(text, name).toContain(HINT)
    }
  })

  test('renamed as the hint says, with a json.py the programs do not import: full marks and no hint, in both modes', { timeout: TIMEOUT_MS }, async () => {
    const renamed = (name: string) =>
      submission(name, (dir) => {
        renameSync(join(dir, 'socket.py'), join(dir, 'socket_test.py'))
        writeFileSync(join(dir, 'json.py'), '# notes on the reply format\n')
      })
    const modes = sandboxAvailable ? (['host', 'sandbox'] as const) : (['host'] as const)
    for (const report of await Promise.all(modes.map((mode) => graded(renamed(`renamed-${mode}`), mode)))) {
      expect(report.score, JSON.stringify(report.checks.filter((c) => c.status !== 'passed'))).toBe(report.maxScore)
      expect(report.checks.every((c) => c.hint === undefined || c.id === 'server-survives-invalid-utf8')).toBe(true)
    }
  })
})

describe('shadowingHint, on what python3 prints for programs in a private copy', () => {
  let python: string
  let copy: string
  beforeAll(async () => {
    python = (await resolvePython()).executable
    copy = makeScratch(tmpdir(), 'submission-')
  })
  afterAll(() => removeScratch(copy))

  // Run `python3 main.py` in a folder of the copy holding these files; its stderr
  function crashed(name: string, files: Record<string, string>, parent = copy): string {
    const folder = join(parent, name)
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(folder, file)), { recursive: true })
      writeFileSync(join(folder, file), text)
    }
    return spawnSync(python, ['main.py'], { cwd: folder, encoding: 'utf8', input: '' }).stderr
  }

  const server = 'from socket import *\ns = socket(AF_INET, SOCK_DGRAM)\n'
  const hintNamed = (name: string) => KNOWN_ERRORS.find((e) => e.name === name)?.hint

  test('a socket.py that fails inside itself is the cause, whatever the error', () => {
    const stderr = crashed('circular', { 'main.py': server, 'socket.py': 'import socket\nprint(socket.gethostname())\n' })
    expect(stderr).toContain("AttributeError: partially initialized module 'socket' has no attribute 'gethostname'")
    expect(shadowingHint(stderr)).toEqual({ cause: true, text: HINT })
  })

  test('a socket/ package and a select.py, named in one hint', () => {
    const stderr = crashed('two', { 'main.py': 'import select\nfrom socket import *\nselect.select([], [], [], 0)\n', 'socket/__init__.py': '', 'select.py': '' })
    expect(shadowingHint(stderr)?.text).toBe(
      'Rename "select.py" and "socket/" in the program\'s folder (for example "select.py" to "select_test.py"): Python imports them instead of the standard select and socket modules the program uses',
    )
  })

  test('a time.py Python does not import in the program\'s place: the error\'s own hint, then the file to rename', () => {
    const stderr = crashed('time', { 'main.py': "import time\nfrom socket import *\ns = socket(AF_INET, SOCK_DGRAM)\ns.sendto('hi', ('127.0.0.1', 9))\n", 'time.py': '' })
    const crash = crashOf('client', { exitCode: 1, signal: null, killedByGrader: false }, stderr)
    expect(crash?.hint).toBe(`${hintNamed('str where bytes are needed')}. Rename "time.py" in the program's folder (for example to "time_test.py"): it is named like the standard time module the program uses`)
  })

  test('no hint for a file the program does not import, a folder without __init__.py, or an error with no traceback', () => {
    expect(shadowingHint(crashed('unused', { 'main.py': 'import sys\nsys.exit(undefined_name)\n', 'json.py': '' }))).toBeUndefined()
    expect(shadowingHint(crashed('no-package', { 'main.py': `${server}s.sendto('x', ('127.0.0.1', 9))\n`, 'socket/notes.txt': '' }))).toBeUndefined()
    expect(shadowingHint('Segmentation fault\n')).toBeUndefined()
  })

  test('a program outside the grader\'s own copies gets no hint: the folder a traceback names is not read', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'not-a-copy-'))
    try {
      const stderr = crashed('outside', { 'main.py': server, 'socket.py': '' }, elsewhere)
      expect(stderr).toContain("NameError: name 'socket' is not defined")
      expect(shadowingHint(stderr)).toBeUndefined()
    } finally {
      rmSync(elsewhere, { recursive: true, force: true })
    }
  })
})

describe('importedModules', () => {
  test.for([
    { source: 'from socket import *', modules: ['socket'] },
    { source: 'import socket, sys as system\nimport os.path', modules: ['socket', 'sys', 'os'] },
    { source: 'import json; from http.server import HTTPServer', modules: ['json', 'http'] },
    { source: 'from . import helper\nfrom datetime import time\n# import random\nprint("import time")', modules: ['datetime'] },
  ])('$source', ({ source, modules }) => {
    expect(importedModules(source).sort()).toEqual([...modules].sort())
  })
})
