import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterEach, describe, expect, test } from 'vitest'
import { freePort } from '../net/ports.js'
import { fixtureEnv, pythonFixtureArgv } from '../test-support/python.js'
import { startProgram, type RunningProgram } from './start-program.js'
import { namespaceSockets } from './proc-sockets.js'
import { waitForListen } from './wait-for-listen.js'
import { cpuWaitMs } from './cpu-wait.js'

const fixtures = join(import.meta.dirname, 'fixtures')
const running: RunningProgram[] = []

async function start(...args: string[]): Promise<RunningProgram> {
  return startOn([], await pythonFixtureArgv('binds.py', ...args))
}

// A program started behind the given prefix (taskset, chrt), killed after each test
function startOn(prefix: readonly string[], argv: readonly string[]): RunningProgram {
  const program = startProgram([...prefix, ...argv], { cwd: fixtures, env: fixtureEnv })
  running.push(program)
  return program
}

// A Python loop that spins on CPU 0 once it has said so on stdout
async function spinOnCpu0(): Promise<RunningProgram> {
  const [python] = await pythonFixtureArgv('')
  const spinner = startOn(['taskset', '-c', '0'], [python as string, '-c', "print('spinning', flush=True)\nwhile True: pass"])
  while (!spinner.stdout.text().includes('spinning')) await delay(5)
  return spinner
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

  // Whether a slow start listened in time must not hang on the machine's load: a server kept from the CPU past the
  // deadline gets the time it waited. Here a spinning process in the server's own session (where the kernel shares CPU
  // by nice value) holds CPU 0 for 2.5 s against a server at nice 19 on that CPU; it once was "never listened" at 2 s
  test('a server kept waiting for a CPU past the deadline is still seen listening', async () => {
    const port = await freePort()
    const [python] = await pythonFixtureArgv('')
    const folder = await mkdtemp(join(tmpdir(), 'sockgrade-spin-'))
    const spinning = join(folder, 'spinning')
    const spin = `import os, pathlib\npathlib.Path('${spinning}').write_text(str(os.getpid()))\nwhile True: pass`
    const script = [
      `taskset -c 0 "$0" -c "${spin}" &`,
      `while [ ! -s '${spinning}' ]; do sleep 0.01; done`,
      `exec taskset -c 0 nice -n 19 "$0" binds.py udp ${port}`,
    ].join('\n')
    const program = startOn(['sh', '-c', script, python as string], [])
    const outcome = waitForListen(program, { port, transport: 'udp', timeoutMs: 2000 })
    let spinner = 0
    while (!(spinner = Number(await readFile(spinning, 'utf8').catch(() => '')))) await delay(10)
    await delay(2500)
    process.kill(spinner, 'SIGKILL')
    expect(await outcome).toEqual({ kind: 'listening' })
    await rm(folder, { recursive: true })
  })
})

describe('cpuWaitMs', () => {
  // Two spinners on one CPU each wait about half the time; a sleeping server waits for nothing, however loaded the
  // machine is
  test('counts the time a process was ready to run but had no CPU, and none while it sleeps', async () => {
    const port = await freePort()
    const sleeper = await start('udp', String(port))
    while (!(await namespaceSockets(['udp'])).some((s) => s.port === port)) await delay(5)
    const spinners = [await spinOnCpu0(), await spinOnCpu0()]
    const before = await Promise.all([sleeper.pid, ...spinners.map((s) => s.pid)].map(cpuWaitMs))
    await delay(600)
    const after = await Promise.all([sleeper.pid, ...spinners.map((s) => s.pid)].map(cpuWaitMs))
    const waited = after.map((ms, i) => ms - (before[i] as number))
    expect(waited[0]).toBeLessThan(20)
    for (const ms of waited.slice(1)) expect(ms).toBeGreaterThan(100)
  })
})
