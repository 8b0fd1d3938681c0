import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { expect, test } from 'vitest'
import { openGradingCgroup } from './grading-cgroup.js'

const probe = openGradingCgroup()
await probe?.remove()

// Where no writable cgroup v2 is (an ordinary user, a read-only container), host mode falls back to the marker scan
test.runIf(probe !== undefined)('a grading cgroup holds every descendant of a program and kills them all, setsid daemons too', async () => {
  const cgroup = openGradingCgroup()
  if (!cgroup) throw new Error('cgroup vanished')
  const [file, ...args] = [...cgroup.joinArgv, 'sh', '-c', '(setsid sh -c "sleep 30 & sleep 30" &); sleep 30']
  spawn(file as string, args, { stdio: 'ignore', detached: true })
  const members = () => readFileSync(join(cgroup.path, 'cgroup.procs'), 'latin1').trim().split('\n').filter(Boolean)
  // Bounded wait for the five to start (a loaded machine takes its time)
  for (let i = 0; i < 500 && members().length < 5; i++) await delay(10)
  // sh, its sleep, the setsid sh (outside the group and session) and its two sleeps
  expect(members().length).toBeGreaterThanOrEqual(5)
  await cgroup.kill()
  expect(members()).toEqual([])
  await cgroup.remove()
  expect(existsSync(cgroup.path)).toBe(false)
})
