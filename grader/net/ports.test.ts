import { createSocket } from 'node:dgram'
import { createServer } from 'node:net'
import { describe, expect, test } from 'vitest'
import { freePort } from './ports.js'

describe('freePort', () => {
  test('hands out ports below the ephemeral range, never the same one twice in a row of 40', async () => {
    const ports: number[] = []
    for (let i = 0; i < 40; i++) ports.push(await freePort())
    expect(new Set(ports).size).toBe(40)
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000)
      expect(port).toBeLessThan(32_768)
    }
  })

  test('a port it hands out can be bound with both UDP and TCP', async () => {
    const port = await freePort()
    const udp = createSocket('udp4')
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject)
      udp.bind(port, '127.0.0.1', () => resolve())
    })
    const tcp = createServer()
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject)
      tcp.listen(port, '127.0.0.1', () => resolve())
    })
    await new Promise<void>((resolve) => tcp.close(() => resolve()))
    udp.close()
  })
})
