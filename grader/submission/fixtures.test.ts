import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { findAssignment } from '../assignments/load.js'
import { freePort } from '../net/ports.js'
import { exchangeDatagram } from '../net/udp.js'
import { startProgram, type RunningProgram } from '../process/start-program.js'
import { runBuild } from './build.js'
import type { LaunchSpec } from './launch.js'
import { programEnv } from './program-command.js'
import { resolveSubmission } from './resolve.js'

const udp = findAssignment('uppercase-udp')!
const env = programEnv(process.env)
const started: RunningProgram[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.kill()))
})

function start(dir: string, spec: LaunchSpec, port: number, input?: string): RunningProgram {
  const argv = spec.command.map((w) => w.replaceAll('{port}', String(port)).replaceAll('{host}', '127.0.0.1'))
  const program = startProgram(argv, { cwd: join(dir, spec.cwd), env, input })
  started.push(program)
  return program
}

// UDP has no handshake: resend until the server answers or the deadline passes (a JVM takes ~0.5 s to start)
async function firstReply(port: number, message: string, deadlineMs: number): Promise<string | undefined> {
  const deadline = Date.now() + deadlineMs
  while (Date.now() < deadline) {
    const reply = await exchangeDatagram({ host: '127.0.0.1', port, transport: 'udp' }, Buffer.from(message), { timeoutMs: 200, signal: AbortSignal.timeout(deadlineMs) })
    if (reply) return reply.toString('utf8')
  }
  return undefined
}

// The example submissions in other languages: built and run as the grader will, they answer as the spec asks
describe.each(['java-uppercase-udp', 'node-uppercase-udp'])('the %s example', (fixture) => {
  test('builds, serves and prints the reply', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockgrade-example-'))
    cpSync(join(import.meta.dirname, 'fixtures', fixture), dir, { recursive: true })
    const resolved = resolveSubmission(dir, fixture, udp, { server: true, client: true })
    if (resolved.build) await runBuild(resolved.build, dir, { env, timeoutMs: 60_000 })
    const port = await freePort()
    start(dir, resolved.server!, port)
    expect(await firstReply(port, 'naïve sockets 42', 20_000)).toBe('NAÏVE SOCKETS 42')
    const client = start(dir, resolved.client!, port, 'hello café\n')
    expect((await client.exited).exitCode).toBe(0)
    expect(client.stdout.text()).toContain('HELLO CAFÉ')
    const quiet = start(dir, resolved.client!, port, '')
    expect((await quiet.exited).exitCode).toBe(0)
  })
})
