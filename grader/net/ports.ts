import { readFileSync } from 'node:fs'
import { createSocket } from 'node:dgram'
import { InternalError } from '../errors.js'
import { hostPlatform } from '../process/host-platform.js'

// Ports are drawn below the ephemeral range (32768-60999 on Linux), so an outgoing connection
// of some other program never takes a port the grader just handed to a student server
const RANGE_LOW = 20_000
const REUSE_AFTER_MS = 60_000
const recentlyUsed = new Map<number, number>()

function rangeHigh(): number {
  if (!hostPlatform().hasProc) return 32_767
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
    if (low > RANGE_LOW + 1000) return low - 1
  } catch {
    // not Linux: 32767 is below every common ephemeral range (macOS and Windows start at 49152)
  }
  return 32_767
}
const RANGE_HIGH = rangeHigh()

// A port free for both TCP and UDP, not handed out in the last minute by this process
export async function freePort(): Promise<number> {
  // Loaded on first use: a sandboxed grading uses the spec's port and never needs it
  const { default: getPort, portNumbers } = await import('get-port')
  const now = Date.now()
  for (const [port, at] of recentlyUsed) if (now - at > REUSE_AFTER_MS) recentlyUsed.delete(port)
  for (let attempt = 0; attempt < 20; attempt++) {
    // get-port checks TCP only and falls back to any port when the range is exhausted: check both
    const start = RANGE_LOW + Math.floor(Math.random() * (RANGE_HIGH - RANGE_LOW))
    const port = await getPort({ port: portNumbers(start, Math.min(start + 50, RANGE_HIGH)), exclude: [...recentlyUsed.keys()] })
    if (port < RANGE_LOW || port > RANGE_HIGH || recentlyUsed.has(port)) continue
    recentlyUsed.set(port, Date.now())
    if (await udpFree(port)) return port
  }
  throw new InternalError(`Cannot find a free port between ${RANGE_LOW} and ${RANGE_HIGH}`)
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4')
    socket.once('error', () => resolve(false))
    socket.bind(port, () => socket.close(() => resolve(true)))
  })
}
