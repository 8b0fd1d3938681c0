import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { connect, createServer, type Server } from 'node:net'
import { describe, expect, test } from 'vitest'
import { framingOf } from '../assignments/framing.js'
import { startPeer } from './peer.js'
import { freePort } from './ports.js'

const connectionFraming = framingOf({ transport: 'tcp', session: 'single' })
const options = (port: number) => ({ port, framing: connectionFraming, idleMs: 30, replyFor: () => 'X', maxMessages: 5 })

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

  // A textbook-style client may shut down its sending side after the message (shutdown(SHUT_WR)) and then read: it
  // must still get its reply, whether the reply is known at once or a moment later (an oracle program's answer)
  test.each([
    ['connection', 'at once'],
    ['lines', 'at once'],
    ['connection', 'later'],
    ['lines', 'later'],
  ] as const)('a client that half-closes gets its reply (%s framing, reply known %s)', async (name, when) => {
    const port = await freePort()
    const replyFor = (_index: number, text: string) => (when === 'at once' ? text.toUpperCase() : new Promise<string>((r) => setTimeout(r, 20, text.toUpperCase())))
    const peer = await startPeer({ port, framing: framingOf({ transport: 'tcp', session: 'single', framing: name }), idleMs: 1000, replyFor, maxMessages: 5 })
    try {
      expect(await sendAndHalfClose(port, name === 'lines' ? 'hello\n' : 'hello')).toBe(name === 'lines' ? 'HELLO\n' : 'HELLO')
      expect(peer.messages.map((m) => m.reply)).toEqual(['HELLO'])
    } finally {
      await peer.close()
    }
  })
})

describe('framings other than lines', () => {
  // The rest of a terminator's bytes may come in a later chunk: the message still ends there, and not before
  test('a fixed terminator ends each message and each reply, split across writes or not', async () => {
    const port = await freePort()
    const peer = await startPeer({ port, framing: framingOf({ transport: 'tcp', session: 'multiline', framing: { terminator: '\r\n.\r\n' } }), idleMs: 1000, replyFor: (_i, text) => text.toUpperCase(), maxMessages: 5 })
    try {
      const got = await new Promise<string>((resolve, reject) => {
        let data = ''
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('one\nline\r\n.')
          setTimeout(() => socket.end('\r\ntwo\r\n.\r\n'), 50)
        })
        socket.on('data', (chunk) => (data += chunk))
        socket.on('error', reject)
        socket.on('close', () => resolve(data))
      })
      expect(got).toBe('ONE\nLINE\r\n.\r\nTWO\r\n.\r\n')
      expect(peer.messages.map((m) => [m.text, m.terminated])).toEqual([
        ['one\nline', true],
        ['two', true],
      ])
    } finally {
      await peer.close()
    }
  })

  // until-close: the client's end of sending ends the message, so a request of many lines (HTTP's) is one message
  test('until-close takes everything up to the client\'s half-close as one message, then replies and closes', async () => {
    const port = await freePort()
    const peer = await startPeer({ port, framing: framingOf({ transport: 'tcp', session: 'single', framing: 'until-close' }), idleMs: 1000, replyFor: (_i, text) => String(text.length), maxMessages: 5 })
    try {
      expect(await sendAndHalfClose(port, 'GET / HTTP/1.0\r\nHost: x\r\n\r\n')).toBe('27')
      expect(peer.messages.map((m) => [m.text, m.terminated])).toEqual([['GET / HTTP/1.0\r\nHost: x\r\n\r\n', true]])
    } finally {
      await peer.close()
    }
  })
})

// Send the bytes, shut down the sending side, and read until the peer closes
function sendAndHalfClose(port: number, bytes: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let data = ''
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes))
    socket.on('data', (chunk) => (data += chunk))
    socket.on('error', reject)
    socket.on('close', () => resolve(data))
  })
}
