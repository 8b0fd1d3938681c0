import { createSocket } from 'node:dgram'
import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, test } from 'vitest'
import { freePort } from '../net/ports.js'
import { startLossyServer, type LossyServer } from './lossy-server.js'

const servers: LossyServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
})

// A real UDP client: sends each text in turn and collects whatever comes back, until `count` replies have arrived
async function exchange(port: number, texts: readonly string[], count: number): Promise<string[]> {
  const socket = createSocket('udp4')
  const replies: string[] = []
  const done = new Promise<void>((resolve) =>
    socket.on('message', (message) => {
      replies.push(message.toString())
      if (replies.length === count) resolve()
    }),
  )
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  for (const text of texts) await new Promise<void>((resolve) => socket.send(text, port, '127.0.0.1', () => resolve()))
  await done
  socket.close()
  return replies
}

async function start(delaysMs: (number | undefined)[]): Promise<{ server: LossyServer; port: number }> {
  const port = await freePort()
  const server = await startLossyServer({ port, plan: { delaysMs, beyondMs: 10 }, reply: async (text) => text.toUpperCase(), maxKept: 5 })
  servers.push(server)
  return { server, port }
}

describe('the lossy server', () => {
  test('answers each planned datagram after its delay, in capitals, leaves the dropped one unanswered, and answers beyond the plan', async () => {
    const { server, port } = await start([60, undefined, 20])
    const replies = await exchange(port, ['Ping 1 a', 'Ping 2 b', 'Ping 3 c', 'Ping 4 d'], 3)
    expect(replies.sort()).toEqual(['PING 1 A', 'PING 3 C', 'PING 4 D'])
    const [first, second, third] = server.datagrams
    expect(server.datagrams.map((d) => d.text)).toEqual(['Ping 1 a', 'Ping 2 b', 'Ping 3 c', 'Ping 4 d'])
    expect(second?.reply).toBeUndefined()
    expect(second?.repliedAtMs).toBeUndefined()
    expect(first?.reply).toBe('PING 1 A')
    // Each answer left no sooner than its delay after its datagram arrived (a Node timer may fire a ms early)
    expect((first?.repliedAtMs ?? 0) - (first?.atMs ?? 0)).toBeGreaterThanOrEqual(58)
    expect((third?.repliedAtMs ?? 0) - (third?.atMs ?? 0)).toBeGreaterThanOrEqual(18)
  })

  test('keeps the first datagrams and counts the rest', async () => {
    const { server, port } = await start([0])
    await exchange(port, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 5)
    // Every datagram is read before the close: wait until all 8 are seen
    while (server.datagrams.length + server.uncounted() < 8) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(server.datagrams).toHaveLength(5)
    expect(server.uncounted()).toBe(3)
  })

  test('a port already taken rejects with EADDRINUSE, for the one retry on another', async () => {
    const { port } = await start([0])
    await expect(startLossyServer({ port, plan: { delaysMs: [], beyondMs: 0 }, reply: async (t) => t, maxKept: 1 })).rejects.toMatchObject({ code: 'EADDRINUSE' })
  })
})

describe('a datagram the grader was too busy to see at once', () => {
  test('carries how much earlier it may have arrived', async () => {
    const { server, port } = await start([0, 0])
    await exchange(port, ['first'], 1)
    // A Python client sends the second datagram and lingers 200 ms, while spawnSync holds up the grader's event loop
    const script = `import socket, time\nsocket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'second', ('127.0.0.1', ${port}))\ntime.sleep(0.2)`
    expect(spawnSync('python3', ['-c', script]).status).toBe(0)
    while (server.datagrams.length < 2) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(server.datagrams[1]?.lagMs, JSON.stringify(server.datagrams)).toBeGreaterThan(100)
  })
})
