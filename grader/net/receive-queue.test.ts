import { connect, createServer, type Socket } from 'node:net'
import { describe, expect, test } from 'vitest'
import { waitUntilServerRead } from './receive-queue.js'

// A server whose connections start paused: it reads only when told to
async function pausedServer(): Promise<{ port: number; accepted: Promise<Socket>; close(): void }> {
  let accept!: (socket: Socket) => void
  const accepted = new Promise<Socket>((resolve) => (accept = resolve))
  const server = createServer({ pauseOnConnect: true }, accept)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return { port, accepted, close: () => server.close() }
}

describe.runIf(process.platform === 'linux')('waitUntilServerRead', () => {
  test('waits while the server has not read, and returns once it has', async () => {
    const server = await pausedServer()
    const client = connect(server.port, '127.0.0.1')
    await new Promise<void>((resolve) => client.once('connect', resolve))
    client.write('first half')
    const serverSide = await server.accepted
    const signal = new AbortController().signal
    const started = Date.now()
    await waitUntilServerRead(server.port, client.localPort!, { timeoutMs: 300, fallbackMs: 0, signal })
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
    serverSide.resume()
    const resumed = Date.now()
    await waitUntilServerRead(server.port, client.localPort!, { timeoutMs: 5000, fallbackMs: 0, signal })
    expect(Date.now() - resumed).toBeLessThan(2000)
    client.destroy()
    serverSide.destroy()
    server.close()
  })
})
