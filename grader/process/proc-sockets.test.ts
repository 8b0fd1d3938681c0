import { setTimeout as delay } from 'node:timers/promises'
import { afterEach, describe, expect, test } from 'vitest'
import { fixtureEnv, pythonFixtureArgv } from '../test-support/python.js'
import { allThreadsAsleep, procAvailable, threadsAsleep } from './proc-sockets.js'
import { startProgram, type RunningProgram } from './start-program.js'

const running: RunningProgram[] = []

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.kill()))
})

// A Python program whose main thread joins one worker thread, which runs `work` once it has said so on stdout
async function joinedWorker(work: string): Promise<RunningProgram> {
  const [python] = await pythonFixtureArgv('')
  const code = `import threading, time\ndef work():\n    print('working', flush=True)\n    ${work}\nt = threading.Thread(target=work)\nt.start()\nt.join()`
  const program = startProgram([python as string, '-c', code], { cwd: import.meta.dirname, env: fixtureEnv })
  running.push(program)
  while (!program.stdout.text().includes('working')) await delay(5)
  return program
}

describe('threadsAsleep', () => {
  test('every thread waiting is a process at rest', () => {
    expect(threadsAsleep(['S', 'S'])).toBe(true)
    expect(threadsAsleep(['S', 't', 'T'])).toBe(true)
  })

  // Measured under load: a main thread read asleep in its join, then the worker gone before its own state was read,
  // the worker having run until its crash ended it; counting it as asleep judged a dying server at rest
  test('a thread that ended while the threads were read is activity, not rest', () => {
    expect(threadsAsleep(['S', undefined])).toBe(false)
    expect(threadsAsleep([undefined])).toBe(false)
  })

  test('a running, exiting or missing thread is not rest', () => {
    expect(threadsAsleep(['S', 'R'])).toBe(false)
    expect(threadsAsleep(['Z'])).toBe(false)
    expect(threadsAsleep(['D', 'S'])).toBe(false)
    expect(threadsAsleep([])).toBe(false)
  })
})

describe.runIf(procAvailable)('allThreadsAsleep', () => {
  test('a main thread joining a worker that sleeps is at rest', async () => {
    const program = await joinedWorker('time.sleep(60)')
    let asleep = false
    for (let tries = 0; tries < 400 && !asleep; tries++) {
      asleep = await allThreadsAsleep(program.pid)
      if (!asleep) await delay(5)
    }
    expect(asleep).toBe(true)
  })

  test('a main thread joining a worker that spins is not at rest, whenever it is read', async () => {
    const program = await joinedWorker('while True: pass')
    const readings: boolean[] = []
    for (let n = 0; n < 50; n++) {
      readings.push(await allThreadsAsleep(program.pid))
      await delay(2)
    }
    expect(readings.filter(Boolean)).toEqual([])
  })

  test('a process that is gone is not at rest', async () => {
    const program = await joinedWorker('pass')
    await program.exited
    expect(await allThreadsAsleep(program.pid)).toBe(false)
  })
})
