import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { createServer, type Server } from 'node:net'
import { describe, expect, test } from 'vitest'
import { startPeer } from './peer.js'
import { freePort } from './ports.js'

const options = (port: number) => ({ port, framing: 'message' as const, idleMs: 30, replyFor: () => 'X', maxMessages: 5 })

function holdUdp(port: number): Promise<UdpSocket> {
  const socket = createSocket('udp4')
  return new Promise((resolve) => socket.bind(port, '127.0.0.1', () => resolve(socket)))
}

function holdTcp(port: number): Promise<Server> {
  const server = createServer()
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)))
}

// Resolves true when this process can listen on the port with TCP and bind it with UDP
async function bothFree(port: number): Promise<boolean> {
  try {
    const tcp = await new Promise<Server>((resolve, reject) => {
      const server = createServer()
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve(server))
    })
    await new Promise((r) => tcp.close(r))
    const udp = await new Promise<UdpSocket>((resolve, reject) => {
      const socket = createSocket('udp4')
      socket.once('error', reject)
      socket.bind(port, '127.0.0.1', () => resolve(socket))
    })
    await new Promise<void>((r) => udp.close(() => r()))
    return true
  } catch {
    return false
  }
}

describe('the grader peer', () => {
  test('whose UDP bind fails closes the TCP listener it had opened, and says why', async () => {
    const port = await freePort()
    const squatter = await holdUdp(port)
    await expect(startPeer(options(port))).rejects.toMatchObject({ code: 'EADDRINUSE' })
    await new Promise<void>((r) => squatter.close(() => r()))
    // The TCP half is released: the port is whole again for the next start
    expect(await bothFree(port)).toBe(true)
  })

  test('whose TCP listen fails leaves no UDP socket behind', async () => {
    const port = await freePort()
    const squatter = await holdTcp(port)
    await expect(startPeer(options(port))).rejects.toMatchObject({ code: 'EADDRINUSE' })
    await new Promise((r) => squatter.close(r))
    expect(await bothFree(port)).toBe(true)
  })

  test('that started releases both transports on close', async () => {
    const port = await freePort()
    const peer = await startPeer(options(port))
    expect(await bothFree(port)).toBe(false)
    await peer.close()
    expect(await bothFree(port)).toBe(true)
  })
})
