import { readFile } from 'node:fs/promises'
import { setTimeout as delay } from 'node:timers/promises'
import { procAvailable } from '../process/proc-sockets.js'

// /proc/net/tcp costs a few ms a read: poll at this pace
const POLL_MS = 5

// Bytes waiting, unread by the server, on the server's end of a loopback connection (undefined if unknown)
async function unreadBytes(serverPort: number, clientPort: number): Promise<number | undefined> {
  const local = `:${serverPort.toString(16).toUpperCase().padStart(4, '0')}`
  const remote = `:${clientPort.toString(16).toUpperCase().padStart(4, '0')}`
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '')
    for (const line of text.split('\n')) {
      const cols = line.trim().split(/\s+/)
      if (cols[1]?.endsWith(local) && cols[2]?.endsWith(remote)) return parseInt(cols[4]?.split(':')[1] ?? '', 16)
    }
  }
  return undefined
}

// Wait until the server has read everything sent so far on a connection (its receive queue is empty), so a
// probe can send the next piece knowing it arrives separately; without /proc, wait `fallbackMs` instead
export async function waitUntilServerRead(serverPort: number, clientPort: number, options: { timeoutMs: number; fallbackMs: number; signal: AbortSignal }): Promise<void> {
  if (!procAvailable) return void (await delay(options.fallbackMs, undefined, { signal: options.signal }).catch(() => undefined))
  const deadline = Date.now() + options.timeoutMs
  while (Date.now() < deadline && !options.signal.aborted) {
    const unread = await unreadBytes(serverPort, clientPort)
    if (unread === undefined || unread === 0) return
    await delay(POLL_MS)
  }
}
