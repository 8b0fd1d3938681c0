import { spawnSync } from 'node:child_process'
import { expect, test } from 'vitest'
import { resolvePython } from '../process/python.js'
import { DEFAULT_LIMITS, limitHit, prlimitArgv } from './limits.js'

const python = (await resolvePython()).executable
const oneSecond = { ...DEFAULT_LIMITS, cpuSeconds: 1 }

// Runs a Python snippet under the limits the sandbox applies, as the sandbox does: prlimit first
function underLimits(code: string): ReturnType<typeof spawnSync> {
  const [command, ...args] = prlimitArgv(oneSecond, { limitAddressSpace: true })
  return spawnSync(command!, [...args, python, '-c', code], { encoding: 'utf8', timeout: 20_000 })
}

// With the soft CPU limit equal to the hard one, the kernel sends SIGKILL and the report could not name the limit
test('a busy loop is stopped by SIGXCPU at the CPU limit, which the report names', () => {
  const run = underLimits('while True: pass')
  expect(run.signal).toBe('SIGXCPU')
  expect(limitHit({ signal: run.signal, exitCode: run.status }, String(run.stderr), oneSecond)).toBe('it used more than 1 s of CPU time')
})

test('a program that ignores SIGXCPU is killed one CPU second later', () => {
  const run = underLimits('import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\nwhile True: pass')
  expect(run.signal).toBe('SIGKILL')
})
