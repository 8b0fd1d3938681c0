import { once } from 'node:events'
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import type { Assignment } from '../../assignments/assignment.js'
import { findAssignment } from '../../assignments/load.js'
import { packageRoot, referenceDir } from '../../paths.js'
import { resolvePython } from '../../process/python.js'
import { fixtureEnv } from '../../test-support/python.js'
import { scaledTiming } from '../../timing.js'
import { gradingReference } from './start-reference.js'

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
