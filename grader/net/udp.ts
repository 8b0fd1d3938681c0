import { createSocket, type Socket } from 'node:dgram'
import type { Target } from './target.js'

/** A grader-side UDP client socket that sends datagrams and waits for replies */
export interface UdpClient {
  send(payload: Buffer): Promise<void>
  // The next datagram from the server, or undefined when none arrives in time
  receive(timeoutMs: number, signal: AbortSignal): Promise<Buffer | undefined>
  close(): void
}

// Datagrams waiting to be received: a server flooding datagrams back fills this and the rest are dropped, as a full
// socket buffer would drop them (64 datagrams of at most 64 KiB: 4 MiB at most)
const MAX_QUEUED_DATAGRAMS = 64

// Open a UDP socket aimed at the target (127.0.0.1: most student servers bind IPv4 only)
export async function openUdpClient(target: Target): Promise<UdpClient> {
  const socket: Socket = createSocket('udp4')
  const queue: Buffer[] = []
  let wake: (() => void) | undefined
  // Each exchange has a socket of its own, so whatever arrives on it is the reply, even from another
  // server socket than the one the message went to (some servers reply through a second socket)
  socket.on('message', (message) => {
    if (queue.length < MAX_QUEUED_DATAGRAMS) queue.push(message)
    wake?.()
  })
  // ICMP port unreachable surfaces as an error on some platforms: treat it as "no reply"
  socket.on('error', () => wake?.())
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  return {
    send: (payload) =>
      new Promise((resolve) => {
        socket.send(payload, target.port, target.host, () => resolve())
      }),
    receive: async (timeoutMs, signal) => {
      const deadline = Date.now() + timeoutMs
      while (queue.length === 0 && Date.now() < deadline && !signal.aborted) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, deadline - Date.now())
          const done = () => {
            clearTimeout(timer)
            signal.removeEventListener('abort', done)
            wake = undefined
            resolve()
          }
          wake = done
          signal.addEventListener('abort', done, { once: true })
        })
      }
      return queue.shift()
    },
    close: () => {
      try {
        socket.close()
      } catch {
        // already closed
      }
    },
  }
}

// Send one datagram and wait for one reply
export async function exchangeDatagram(
  target: Target,
  payload: Buffer,
  options: { timeoutMs: number; signal: AbortSignal },
): Promise<Buffer | undefined> {
  const client = await openUdpClient(target)
  try {
    await client.send(payload)
    return await client.receive(options.timeoutMs, options.signal)
  } finally {
    client.close()
  }
}
