import { spawn } from 'node:child_process'
import { setTimeout as delay } from 'node:timers/promises'
import { expect, test } from 'vitest'
import { watchForToken } from './survivors.js'

// The hostile tests' proof that their token reaches the submission's processes: it failed twice under load (the
// server lived a second while the test's own thread was busy), so the watch runs in a thread of its own
test('the token watch sees a short-lived program while this thread is busy the whole time, and nothing when none runs', async () => {
  const token = `sockgrade-watch-${process.pid}-${Date.now()}`
  const watch = watchForToken(token)
  const never = watchForToken(`${token}-never`)
  const program = spawn('python3', ['-c', 'import time; time.sleep(0.6)', token])
  try {
    // Busy for longer than the program lives: an event-loop timer would not fire until it is gone
    for (const until = Date.now() + 1200; Date.now() < until; );
    expect(watch.seen).toBe(true)
    await delay(100)
    expect(never.seen).toBe(false)
  } finally {
    watch.stop()
    never.stop()
    program.kill('SIGKILL')
  }
})
