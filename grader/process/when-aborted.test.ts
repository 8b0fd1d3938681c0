import { getEventListeners } from 'node:events'
import { expect, test } from 'vitest'
import { whenAborted } from './when-aborted.js'

// Seen in the chaos run: a daemonized server's exit signal was waited on after every check, a listener each time
test('waiting on one signal many times adds one listener, and every wait ends when it aborts', async () => {
  const controller = new AbortController()
  const waits = Array.from({ length: 20 }, () => whenAborted(controller.signal))
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
  controller.abort()
  await Promise.all(waits)
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  await whenAborted(controller.signal)
})
