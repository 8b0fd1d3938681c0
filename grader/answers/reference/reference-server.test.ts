import { once } from 'node:events'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Assignment } from '../../assignments/assignment.js'
import { findAssignment } from '../../assignments/load.js'
import { packageRoot, referenceDir } from '../../paths.js'
import { resolvePython } from '../../process/python.js'
import { fixtureEnv } from '../../test-support/python.js'
import { scaledTiming } from '../../timing.js'
import { DEFAULT_LIMITS } from '../../sandbox/limits.js'
import { roomConfig } from '../../sandbox/room.js'
import { newStudentUid } from '../../sandbox/student-uid.js'
import { gradingReference, type ReferenceConfinement } from './start-reference.js'

// An assignment like a bundled one, answered by the given reference server
function answeredBy(id: string, dir: string, file: string, changes: Partial<Assignment> = {}): Assignment {
  const base = findAssignment(id) as Assignment
  return { ...base, ...changes, answer: { reference: file, dir } }
}

// Processes whose working folder is under `dir`
function processesIn(dir: string): number {
  let count = 0
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`).startsWith(dir)) count++
    } catch {
      // gone, or not ours to read
    }
  }
  return count
}

test('a stateful session goes over one connection, in order (lines framing), and nothing is left after stop', async () => {
  const assignment = answeredBy('multiline-tcp', join(packageRoot, 'docs', 'example-course', 'reference', 'kv-tcp'), 'kv_server.py')
  const python = (await resolvePython()).executable
  const reference = gradingReference(assignment, { python, env: fixtureEnv, timing: scaledTiming(1) })
  if (!reference) throw new Error('no reference')
  try {
    expect(await reference.server.ask(['SET colour blue', 'GET colour', 'GET size'])).toEqual(['OK\n', 'blue\n', 'NOT FOUND\n'])
    // Another session is another connection: this server's store starts empty on each
    expect(await reference.server.ask(['GET colour'])).toEqual(['NOT FOUND\n'])
    // The relay and the reference, both in the reference's private copy
    expect(processesIn(reference.folder as string)).toBe(2)
  } finally {
    await reference.stop()
  }
  expect(processesIn(reference.folder as string)).toBe(0)
  expect(existsSync(reference.folder as string)).toBe(false)
}, 30_000)

test("a textbook TCP server is asked one connection per input, the reply read until it closes (the newline it was sent comes back uppercased); sessions asked at once each get their own replies", async () => {
  const assignment = answeredBy('uppercase-tcp', join(referenceDir, 'uppercase-tcp'), 'TCPServer.py')
  const python = (await resolvePython()).executable
  const reference = gradingReference(assignment, { python, env: fixtureEnv, timing: scaledTiming(1) })
  if (!reference) throw new Error('no reference')
  try {
    const [one, two] = await Promise.all([reference.server.ask(['hello there', 'über']), reference.server.ask(['third'])])
    expect(one).toEqual(['HELLO THERE\n', 'ÜBER\n'])
    expect(two).toEqual(['THIRD\n'])
  } finally {
    await reference.stop()
  }
}, 30_000)

// The pids whose working folder is under `dir`
function pidsIn(dir: string): string[] {
  return readdirSync('/proc').filter((name) => {
    try {
      return /^\d+$/.test(name) && readlinkSync(`/proc/${name}/cwd`).startsWith(dir)
    } catch {
      return false
    }
  })
}

test("the reference runs in a network of its own: a program on the grader's network cannot connect to it, nor take its port", async () => {
  const assignment = answeredBy('uppercase-tcp', join(referenceDir, 'uppercase-tcp'), 'TCPServer.py')
  const python = (await resolvePython()).executable
  const reference = gradingReference(assignment, { python, env: fixtureEnv, timing: scaledTiming(1) })
  if (!reference) throw new Error('no reference')
  try {
    expect(await reference.server.ask(['ping'])).toEqual(['PING\n'])
    const pids = pidsIn(reference.folder as string)
    // The relay and the reference forked from it (one interpreter started, no second exec)
    expect(pids).toHaveLength(2)
    const [first, second] = pids.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8'))
    expect(second).toBe(first)
    const ours = readlinkSync('/proc/self/ns/net')
    for (const pid of pids) expect(readlinkSync(`/proc/${pid}/ns/net`)).not.toBe(ours)
    // The port the relay was given, from its command line: nothing answers there on this network
    const relay = pids.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).find((argv) => argv.some((arg) => arg.endsWith('relay.py')))
    const { port } = JSON.parse(relay?.find((arg) => arg.startsWith('{')) ?? '{}') as { port: number }
    const refused = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve('connected'))
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
    })
    expect(refused).toBe('ECONNREFUSED')
    // And a server of ours on that port does not stand in for the reference
    const impostor = createServer((c) => c.end('IMPOSTOR\n')).listen(port, '127.0.0.1')
    await once(impostor, 'listening')
    try {
      expect(await reference.server.ask(['still you'])).toEqual(['STILL YOU\n'])
    } finally {
      impostor.close()
    }
  } finally {
    await reference.stop()
  }
}, 30_000)

test('a question asked after stop starts nothing and fails as the grader\'s error', async () => {
  const assignment = answeredBy('uppercase-udp', join(referenceDir, 'uppercase-udp'), 'UDPServer.py')
  const python = (await resolvePython()).executable
  const reference = gradingReference(assignment, { python, env: fixtureEnv, timing: scaledTiming(1) })
  if (!reference) throw new Error('no reference')
  await reference.stop()
  await expect(reference.server.ask(['late'])).rejects.toThrow(/asked after the grading stopped it/)
  expect(reference.folder).toBeUndefined()
}, 30_000)

// How the reference is held, in each way this machine allows: as the grader (an ordinary run), as a uid of its own
// (host mode as root), in a room (the sandbox; as root the room builds on the host too)
const isRoot = process.getuid?.() === 0
// One the reference's own uid can read (a pyenv Python under /root is the grader's alone)
const SYSTEM_PYTHON = '/usr/bin/python3'
const HOLDS: readonly { readonly how: string; readonly confine?: () => ReferenceConfinement }[] = [
  { how: 'as the grader' },
  ...(isRoot ? [{ how: 'as a uid of its own', confine: () => ({ limits: DEFAULT_LIMITS, uid: newStudentUid() }) }] : []),
  ...(isRoot
    ? [{ how: 'in a room', confine: () => ({ room: roomConfig({ backend: 'unshare', asRoot: true, readOnlyPaths: [], hidden: [join(packageRoot, 'rubric.yaml')], tmpBytes: 16 << 20, python: '/usr/bin/python3' }), limits: DEFAULT_LIMITS, uid: newStudentUid() }) }]
    : []),
]

// A UDP reference of a few lines in a folder of its own; `serve` is the body of its loop (`s` the socket, `m` and `a` what came)
function udpReference(name: string, setup: string, serve: string): string {
  const dir = mkdtempSync(join(tmpdir(), `sockgrade-reference-${name}-`))
  chmodSync(dir, 0o755)
  writeFileSync(join(dir, 'ref.py'), `import os, signal, sys, threading, time\nfrom socket import *\ns = socket(AF_INET, SOCK_DGRAM)\ns.bind(('', int(sys.argv[1])))\n${setup}\ndef serve():\n    while True:\n        m, a = s.recvfrom(2048)\n${serve.replace(/^/gm, '        ')}\n`)
  return dir
}

describe.each(HOLDS)('a reference held $how ends and answers as `python3 ref.py` would', ({ how, confine }) => {
  // Its private copy is made in the grader's temporary folder, which its uid must be able to pass through (grading as
  // root, sockgrade gives student programs a uid of their own only where it can: host-student-uid.ts)
  const mode = statSync(tmpdir()).mode & 0o7777
  beforeAll(() => void (how === 'as a uid of its own' && chmodSync(tmpdir(), mode | 0o011)))
  afterAll(() => chmodSync(tmpdir(), mode))

  async function ask(dir: string, inputs: string[]): Promise<string[]> {
    const python = confine ? SYSTEM_PYTHON : (await resolvePython()).executable
    const reference = gradingReference(answeredBy('uppercase-udp', dir, 'ref.py'), { python, env: fixtureEnv, timing: scaledTiming(1), ...(confine ? { confine: confine() } : {}) })
    if (!reference) throw new Error('no reference')
    try {
      return await reference.server.ask(inputs)
    } finally {
      await reference.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }

  test('one that serves from a thread that is not a daemon, its main thread done', async () => {
    const dir = udpReference('thread', '', 's.sendto(m.upper(), a)')
    writeFileSync(join(dir, 'ref.py'), `${readFileSync(join(dir, 'ref.py'), 'utf8')}threading.Thread(target=serve).start()\n`)
    expect(await ask(dir, ['threaded'])).toEqual(['THREADED'])
  }, 30_000)

  test.each([
    ['SIGTERM', 15],
    ['SIGKILL', 9],
  ])('one that %s itself is reported killed by that signal', async (name, number) => {
    const dir = udpReference('signal', '', `os.kill(os.getpid(), signal.${name})`)
    writeFileSync(join(dir, 'ref.py'), `${readFileSync(join(dir, 'ref.py'), 'utf8')}serve()\n`)
    await expect(ask(dir, ['die'])).rejects.toThrow(new RegExp(`it was killed by signal ${number}`))
  }, 30_000)
})

test.runIf(isRoot)('a reference in a room dies with its relay, and can write to none of the mounts it sees but its /tmp', async () => {
  const dir = udpReference('room', '', "import re\nwrote = []\nfor line in open('/proc/self/mountinfo'):\n    p = line.split()[4]\n    if p.startswith(('/proc', '/tmp', '/dev/shm')): continue\n    try:\n        open(os.path.join(p, '.planted'), 'w').close(); os.remove(os.path.join(p, '.planted')); wrote.append(p)\n    except OSError: pass\ns.sendto(('wrote ' + ','.join(wrote) + ' uid %d pid %d' % (os.getuid(), os.getpid())).encode(), a)")
  writeFileSync(join(dir, 'ref.py'), `${readFileSync(join(dir, 'ref.py'), 'utf8')}serve()\n`)
  const python = SYSTEM_PYTHON
  const confine = HOLDS.find((h) => h.how === 'in a room')?.confine?.()
  const reference = gradingReference(answeredBy('uppercase-udp', dir, 'ref.py'), { python, env: fixtureEnv, timing: scaledTiming(1), ...(confine ? { confine } : {}) })
  if (!reference) throw new Error('no reference')
  try {
    const [answer] = await reference.server.ask(['where'])
    // Its own pid namespace (pid 2: a first process of the room's own reaps for it), its own uid, nowhere to write
    expect(answer).toBe(`wrote  uid ${confine?.uid} pid 2`)
    const copy = reference.folder as string
    expect(processesIn(copy)).toBeGreaterThan(0)
    // The relay killed outright: what it started goes with it (parent-death signals, the room's first process)
    for (const pid of reference.pids()) process.kill(pid, 'SIGKILL')
    const until = Date.now() + 3000
    while (processesIn(copy) > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(processesIn(copy)).toBe(0)
  } finally {
    await reference.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}, 30_000)

test('a module beside the reference wins over a standard one of the same name the relay had imported', async () => {
  const dir = udpReference('sibling', 'import select\n', 's.sendto(select.ANSWER.encode(), a)')
  writeFileSync(join(dir, 'select.py'), "ANSWER = 'FROM THE SIBLING'\n")
  writeFileSync(join(dir, 'ref.py'), `${readFileSync(join(dir, 'ref.py'), 'utf8')}serve()\n`)
  const python = (await resolvePython()).executable
  const reference = gradingReference(answeredBy('uppercase-udp', dir, 'ref.py'), { python, env: fixtureEnv, timing: scaledTiming(1) })
  if (!reference) throw new Error('no reference')
  try {
    expect(await reference.server.ask(['which'])).toEqual(['FROM THE SIBLING'])
  } finally {
    await reference.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}, 30_000)
