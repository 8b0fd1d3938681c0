import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, test } from 'vitest'
import { fixtureEnv, pidAlive, pythonFixtureArgv } from '../test-support/python.js'
import { startProgram } from './start-program.js'

const fixtures = join(import.meta.dirname, 'fixtures')
const options = { cwd: fixtures, env: fixtureEnv }

async function firstLine(program: ReturnType<typeof startProgram>): Promise<string> {
  for (let i = 0; i < 400 && !program.stdout.text().includes('\n'); i++) await delay(5)
  return program.stdout.text().split('\n')[0] as string
}

describe('startProgram', () => {
  test('writes the input, closes stdin, and captures stdout, stderr and the exit code', async () => {
    const python = await pythonFixtureArgv('-c', 'import sys; line = input(); print(line.upper()); print("err", file=sys.stderr); input()')
    const program = startProgram(python, { ...options, input: 'hello\n' })
    const exit = await program.exited
    expect(program.stdout.text()).toBe('HELLO\n')
    expect(program.stderr.text()).toContain('EOFError')
    expect(exit).toEqual({ exitCode: 1, signal: null, killedByGrader: false })
  })

  test('caps a flood of output and can still kill the program', async () => {
    const program = startProgram(await pythonFixtureArgv('floods-stdout.py'), { ...options, outputCapBytes: 4096 })
    while (!program.stdout.truncated) await delay(5)
    const exit = await program.kill()
    expect(exit.killedByGrader).toBe(true)
    expect(program.stdout.text().length).toBe(4096)
    expect(program.stdout.droppedBytes).toBeGreaterThan(0)
  })

  test('kills the whole process group, children included', async () => {
    const program = startProgram(await pythonFixtureArgv('forks-child.py'), options)
    const child = Number(await firstLine(program))
    expect(pidAlive(child)).toBe(true)
    await program.kill()
    for (let i = 0; i < 100 && pidAlive(child); i++) await delay(10)
    expect(pidAlive(child)).toBe(false)
  })

  test('settles when the program exits even if a child still holds its stdout, and kills that child', async () => {
    const started = Date.now()
    const program = startProgram(await pythonFixtureArgv('leaves-child-holding-stdout.py'), options)
    const exit = await program.exited
    expect(exit.exitCode).toBe(0)
    expect(Date.now() - started).toBeLessThan(10_000)
    const child = Number(program.stdout.text().split('\n')[0])
    for (let i = 0; i < 100 && pidAlive(child); i++) await delay(10)
    expect(pidAlive(child)).toBe(false)
  })

  test('with a family, has ended only when a setsid daemon left by a first process that exited 0 has', async () => {
    const program = startProgram(await pythonFixtureArgv('daemonizes.py', '0.5'), { ...options, family: true })
    const daemon = Number(await firstLine(program))
    // The first process is gone at once; the program is not
    for (let i = 0; i < 400 && !program.leaderExit; i++) await delay(5)
    expect(program.leaderExit?.exitCode).toBe(0)
    expect(program.alive).toBe(true)
    const exit = await program.exited
    expect(exit.exitCode).toBe(0)
    // What the daemon printed before it ended is part of the program's output
    expect(program.stdout.text()).toContain('done')
    expect(pidAlive(daemon)).toBe(false)
  })

  test('with a family, kill() also kills a daemon that left the process group', async () => {
    const program = startProgram(await pythonFixtureArgv('daemonizes.py', '60'), { ...options, family: true })
    const daemon = Number(await firstLine(program))
    expect(pidAlive(daemon)).toBe(true)
    await program.kill()
    expect(program.alive).toBe(false)
    for (let i = 0; i < 100 && pidAlive(daemon); i++) await delay(10)
    expect(pidAlive(daemon)).toBe(false)
  })

  test('reports a command that cannot be started instead of throwing', async () => {
    const program = startProgram(['/nonexistent/interpreter'], options)
    const exit = await program.exited
    expect(program.spawnError?.message).toMatch(/ENOENT/)
    expect(exit.exitCode).toBeNull()
    expect(program.alive).toBe(false)
  })
})
