import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterEach, describe, expect, test } from 'vitest'
import { freePort } from '../net/ports.js'
import { fixtureEnv, pythonFixtureArgv } from '../test-support/python.js'
import { startProgram, type RunningProgram } from './start-program.js'
import { namespaceSockets } from './proc-sockets.js'
import { waitForListen } from './wait-for-listen.js'

const fixtures = join(import.meta.dirname, 'fixtures')
const running: RunningProgram[] = []

async function start(...args: string[]): Promise<RunningProgram> {
  const program = startProgram(await pythonFixtureArgv('binds.py', ...args), { cwd: fixtures, env: fixtureEnv })
  running.push(program)
  return program
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.kill()))
})

describe('waitForListen', () => {
  test.each(['udp', 'tcp'] as const)('sees a %s server listen on its port', async (transport) => {
    const port = await freePort()
    const outcome = await waitForListen(await start(transport, String(port)), { port, transport, timeoutMs: 5000 })
    expect(outcome).toEqual({ kind: 'listening' })
  })

  test('sees a socket bound by a forked child', async () => {
    const port = await freePort()
    const outcome = await waitForListen(await start('udp', String(port), '0', 'fork'), { port, transport: 'udp', timeoutMs: 5000 })
    expect(outcome).toEqual({ kind: 'listening' })
  })

  test('names the port a server bound instead of the one it was given', async () => {
    const [given, used] = [await freePort(), await freePort()]
    const outcome = await waitForListen(await start('udp', String(used)), { port: given, transport: 'udp', timeoutMs: 5000 })
    expect(outcome).toEqual({ kind: 'elsewhere', sockets: [{ transport: 'udp', port: used }] })
  })

  test('names the transport of a server that listens with the wrong one', async () => {
    const port = await freePort()
    const outcome = await waitForListen(await start('tcp', String(port)), { port, transport: 'udp', timeoutMs: 5000 })
    expect(outcome).toEqual({ kind: 'elsewhere', sockets: [{ transport: 'tcp', port }] })
  })

  test('reports a server that exits before listening, with its exit code', async () => {
    const port = await freePort()
    const outcome = await waitForListen(await start('udp', 'not-a-port'), { port, transport: 'udp', timeoutMs: 5000 })
    expect(outcome.kind).toBe('exited')
    expect(outcome.kind === 'exited' && outcome.exit.exitCode).toBe(1)
  })

  test('gives up at the deadline when nothing is ever bound', async () => {
    const port = await freePort()
    const started = Date.now()
    const outcome = await waitForListen(await start('udp', String(port), '30'), { port, transport: 'udp', timeoutMs: 300 })
    expect(outcome).toEqual({ kind: 'nothing' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
  })

  // In a room the first process is known from the room's status line, which a loaded worker may read after the server
  // has bound: until then starterPid() says nothing. That is not a server that left its first process (attacks.test
  // once failed an honest multiprocessing server so, on CI)
  test('in namespace scope, a listener found before its first process is known is not called detached', async () => {
    const port = await freePort()
    const program = await start('udp', String(port))
    // Bound before the wait starts, as when the worker was slow: the machine's other sockets then never count as
    // the server listening elsewhere
    while (!(await namespaceSockets(['udp'])).some((s) => s.port === port)) await delay(5)
    let asked = 0
    // The real program, its first process unknown for the first asks (the status line not read yet)
    const lateStatusLine = Object.assign(Object.create(program) as RunningProgram, { starterPid: () => (++asked <= 3 ? undefined : program.pid) })
    const outcome = await waitForListen(lateStatusLine, { port, transport: 'udp', timeoutMs: 5000, scope: 'namespace' })
    expect(outcome).toEqual({ kind: 'listening' })
    expect(asked).toBeGreaterThan(3)
  })
})
