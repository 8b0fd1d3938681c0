import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { RubricError } from '../errors.js'
import { bundledAssignments, findAssignment, loadAssignmentFile } from './load.js'

const tempDir = mkdtempSync(join(tmpdir(), 'sockgrade-assignment-'))
afterAll(() => rmSync(tempDir, { recursive: true, force: true }))

const VALID = `id: echo-udp
title: Echo over UDP
transport: udp
transform: uppercase
session: single
port: 12000
host: localhost
server:
  file: UDPServer.py
  command: ["{python}", "{file}", "{port}"]
client:
  file: UDPClient.py
  command: ["{python}", "{file}", "{host}", "{port}"]
`

// Write an assignment file into the temp folder; returns its path
function writeAssignment(name: string, text: string): string {
  const file = join(tempDir, `${name}.yaml`)
  writeFileSync(file, text)
  return file
}

function problemsOf(file: string): readonly string[] {
  try {
    loadAssignmentFile(file)
    return []
  } catch (error) {
    if (error instanceof RubricError) return error.problems
    throw error
  }
}

describe('bundledAssignments', () => {
  const expected = [
    { id: 'count-s-tcp', transport: 'tcp', transform: 'count-s', session: 'single', server: 'TCPServer.py', client: 'TCPClient.py' },
    { id: 'count-s-udp', transport: 'udp', transform: 'count-s', session: 'single', server: 'UDPServer.py', client: 'UDPClient.py' },
    { id: 'multiline-tcp', transport: 'tcp', transform: 'uppercase', session: 'multiline', server: 'TCPServer.py', client: 'TCPClient.py' },
    { id: 'multiline-udp', transport: 'udp', transform: 'uppercase', session: 'multiline', server: 'UDPServer.py', client: 'UDPClient.py' },
    { id: 'uppercase-tcp', transport: 'tcp', transform: 'uppercase', session: 'single', server: 'TCPServer.py', client: 'TCPClient.py' },
    { id: 'uppercase-udp', transport: 'udp', transform: 'uppercase', session: 'single', server: 'UDPServer.py', client: 'UDPClient.py' },
  ] as const

  test('are the six assignments, in folder order', () => {
    expect([...bundledAssignments().keys()]).toEqual(expected.map((a) => a.id))
  })

  test.each(expected)('$id is $transport, $transform, $session', ({ id, transport, transform, session, server, client }) => {
    expect(findAssignment(id)).toMatchObject({
      id,
      transport,
      transform,
      session,
      port: 12000,
      host: 'localhost',
      server: { file: server, command: ['{python}', '{file}', '{port}'] },
      client: { file: client, command: ['{python}', '{file}', '{host}', '{port}'] },
    })
  })

  test('an unknown id is undefined', () => {
    expect(findAssignment('uppercase-sctp')).toBeUndefined()
  })
})

describe('loadAssignmentFile', () => {
  test('a valid file loads as written', () => {
    const file = writeAssignment('valid', VALID)
    expect(loadAssignmentFile(file)).toEqual({
      id: 'echo-udp',
      title: 'Echo over UDP',
      transport: 'udp',
      transform: 'uppercase',
      session: 'single',
      port: 12000,
      host: 'localhost',
      server: { file: 'UDPServer.py', command: ['{python}', '{file}', '{port}'] },
      client: { file: 'UDPClient.py', command: ['{python}', '{file}', '{host}', '{port}'] },
    })
  })

  // Problems name the file by the path it was loaded from
  test('a schema error is reported as file:line:col at the value', () => {
    const file = writeAssignment('bad-transport', VALID.replace('transport: udp', 'transport: sctp'))
    expect(problemsOf(file)).toEqual([`${file}:3:12: transport: must be one of "udp", "tcp"`])
  })

  test('every schema error is reported, each at its own position', () => {
    const file = writeAssignment('several', VALID.replace('port: 12000', 'port: 70000').replace('  command: ["{python}", "{file}", "{port}"]\n', '  command: []\n  args: [x]\n'))
    const label = file
    expect(problemsOf(file)).toEqual([
      `${label}:6:7: port: must be at most 65535`,
      `${label}:10:12: server › command: must not be empty`,
      `${label}:11:3: server: unknown property "args"`,
    ])
  })

  test('a missing required key is reported at the top of the file', () => {
    const file = writeAssignment('no-session', VALID.replace('session: single\n', ''))
    expect(problemsOf(file)).toEqual([`${file}:1:1: missing required property "session"`])
  })

  test('a YAML syntax error is reported as file:line:col', () => {
    const file = writeAssignment('duplicate-key', `${VALID}port: 12001\n`)
    expect(problemsOf(file)).toEqual([`${file}:14:1: duplicate key "port"\n  14 | port: 12001\n     | ^`])
  })
})
