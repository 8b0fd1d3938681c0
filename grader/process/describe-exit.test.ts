import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, test } from 'vitest'
import { fixtureEnv, pythonFixtureArgv } from '../test-support/python.js'
import { describeExit } from './describe-exit.js'
import { startProgram, type ProgramExit } from './start-program.js'

// Python that says it is ready on stdout, then does `then`
const program = (then: string) => `import os, signal, sys, time\nprint("ready", flush=True)\n${then}\n`

// Run the code; `stop`: once it is ready, the grader kills it as it does at a deadline (SIGTERM, SIGKILL after the grace)
async function exitOf(code: string, stop: boolean): Promise<{ exit: ProgramExit; stderr: string }> {
  const started = startProgram(await pythonFixtureArgv('-c', code), { cwd: import.meta.dirname, env: fixtureEnv, killGraceMs: 200 })
  if (stop) {
    for (let i = 0; i < 1000 && !started.stdout.text().includes('ready'); i++) await delay(5)
    return { exit: await started.kill(), stderr: started.stderr.text() }
  }
  return { exit: await started.exited, stderr: started.stderr.text() }
}

describe('describeExit', () => {
  test.each([
    { name: 'hung, ignoring SIGTERM, stopped at its 4 s limit', code: program('signal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: time.sleep(1)'), stop: true, limitMs: 4000, words: 'did not finish within 4 s and the grader stopped it' },
    { name: 'hung, stopped at its 2.5 s limit', code: program('time.sleep(60)'), stop: true, limitMs: 2500, words: 'did not finish within 2.5 s and the grader stopped it' },
    { name: 'hung, ignoring SIGTERM, stopped with no limit to name', code: program('signal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: time.sleep(1)'), stop: true, limitMs: undefined, words: 'was stopped by the grader' },
    { name: 'killed by its own SIGKILL: a crash', code: program('os.kill(os.getpid(), signal.SIGKILL)'), stop: false, limitMs: 4000, words: 'was killed by SIGKILL' },
    { name: 'a Python error', code: program('int("x")'), stop: false, limitMs: 4000, words: "exited with code 1: ValueError: invalid literal for int() with base 10: 'x'" },
  ])('$name: "$words"', async ({ code, stop, limitMs, words }) => {
    const { exit, stderr } = await exitOf(code, stop)
    expect(describeExit(exit, stderr, { limitMs })).toBe(words)
  })
})
