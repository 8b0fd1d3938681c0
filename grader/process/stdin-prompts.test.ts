import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, test } from 'vitest'
import { fixtureEnv, pythonFixtureArgv } from '../test-support/python.js'
import { startProgram } from './start-program.js'
import { answerFor, answerPrompts, readingStdin } from './stdin-prompts.js'

const VALUES = { port: 40123, host: '127.0.0.1' }

// Start a Python program with stdin kept open, answer its prompts (through the fallback when `arch` hides the
// syscall), and return what it printed once it ended, with what was typed
async function answered(code: string, arch?: string, waitMs = 10_000): Promise<{ stdout: string; typed: readonly { prompt: string; typed: string }[] }> {
  const program = startProgram(await pythonFixtureArgv('-c', code), { cwd: '/', env: fixtureEnv, openStdin: true })
  const stop = new AbortController()
  const typed = answerPrompts(program, VALUES, stop.signal, arch)
  await Promise.race([program.exited, delay(waitMs)])
  stop.abort()
  await program.kill()
  return { stdout: program.stdout.text(), typed }
}

describe('answerFor', () => {
  test.each([
    ['Enter host port: ', '40123'],
    ['Type port to listen: ', '40123'],
    ['Puerto: ', '40123'],
    ['Hosti: ', '127.0.0.1'],
    ['Server IP - ', '127.0.0.1'],
    ['Bind address? ', '127.0.0.1'],
    ['', '40123'],
    ['> ', '40123'],
  ])('%j gets %s', (prompt, wanted) => {
    expect(answerFor(prompt, VALUES)).toBe(wanted)
  })
})

describe('answerPrompts, with real programs', () => {
  test('a program that asks for its port gets it, and the prompt is kept', async () => {
    const run = await answered('port = int(input("Enter the port: "))\nprint("got", port)')
    expect(run.stdout).toContain('got 40123')
    expect(run.typed).toEqual([{ prompt: 'Enter the port:', typed: '40123' }])
  })

  test('host, then port: each answer follows its own question', async () => {
    const run = await answered('host = input("Hosti: ")\nport = int(input("Porti: "))\nprint("got", host, port)')
    expect(run.stdout).toContain('got 127.0.0.1 40123')
    expect(run.typed.map((t) => t.prompt)).toEqual(['Hosti:', 'Porti:'])
  })

  test('a bare input() with no prompt gets the port', async () => {
    const run = await answered('port = int(input())\nprint("got", port)')
    expect(run.stdout).toContain('got 40123')
  })

  test('where the kernel does not say, a prompt left unfinished and quiet is answered', async () => {
    const run = await answered('port = int(input("Select a port: "))\nprint("got", port)', 'no-such-arch')
    expect(run.stdout).toContain('got 40123')
  })

  test('a program that never asks gets nothing typed', async () => {
    const run = await answered('import time\nprint("ready", flush=True)\ntime.sleep(0.5)\nprint("done")')
    expect(run.typed).toEqual([])
    expect(run.stdout).toBe('ready\ndone\n')
  })

  test('a program that keeps asking is answered a few times only', async () => {
    const run = await answered('while True:\n    input("again? ")', undefined, 2000)
    expect(run.typed.length).toBe(3)
  })

  test('readingStdin tells a blocked reader from a sleeper', async () => {
    const reader = startProgram(await pythonFixtureArgv('-c', 'input()'), { cwd: '/', env: fixtureEnv, openStdin: true })
    const sleeper = startProgram(await pythonFixtureArgv('-c', 'import time; time.sleep(30)'), { cwd: '/', env: fixtureEnv, openStdin: true })
    try {
      let seen: boolean | undefined
      for (let i = 0; i < 200 && seen !== true; i++) [seen] = [await readingStdin(reader.pid), await delay(10)]
      expect(seen).toBe(true)
      expect(await readingStdin(sleeper.pid)).toBe(false)
    } finally {
      await Promise.all([reader.kill(), sleeper.kill()])
    }
  })
})
