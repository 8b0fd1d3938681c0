import { createSocket } from 'node:dgram'
import { performance } from 'node:perf_hooks'
import type { LossyPlan } from './plan.js'

/** One datagram the lossy server received, and what it did with it (times in ms on the server's clock) */
export interface ArrivedDatagram {
  readonly text: string
  readonly atMs: number
  /** How much earlier it may have arrived: the grader's own event loop was held up that long before it saw it */
  readonly lagMs: number
  /** Undefined when the plan left it unanswered */
  readonly reply?: string
  /** When the answer left: its real delay is `repliedAtMs - atMs` */
  readonly repliedAtMs?: number
}

export interface LossyServer {
  /** What arrived so far, in order (the first `maxKept`) */
  readonly datagrams: readonly ArrivedDatagram[]
  /** Datagrams beyond `maxKept`, counted only (a client stuck in a loop) */
  readonly uncounted: () => number
  /** The first error of the answer function (the grader's fault, not the client's) */
  readonly failure: () => unknown
  /** The server's clock: milliseconds, monotonic */
  readonly now: () => number
  close(): Promise<void>
}

export interface LossyServerOptions {
  readonly port: number
  readonly plan: LossyPlan
  /** A long-running server (sockgrade peer): after this much quiet, the next datagram starts a new run, on a new plan */
  readonly newRun?: { readonly quietMs: number; readonly plan: () => LossyPlan }
  /** Told of each datagram as it arrives (its index in its run, and its planned delay) and of each answer as it leaves */
  readonly arrived?: (index: number, text: string, delayMs: number | undefined) => void
  readonly answered?: (index: number, reply: string, delayMs: number) => void
  /** The answer to a datagram's text (the assignment's answer) */
  readonly reply: (text: string) => Promise<string>
  readonly maxKept: number
}

const TICK_MS = 5
// A datagram read this soon after a stall ended may have waited through it
const RECENT_STALL_MS = 50

// The grader's UDP server on 127.0.0.1: each datagram is answered after the plan's delay, or never, as the plan says.
// A datagram's answer goes back to the address it came from
export async function startLossyServer(options: LossyServerOptions): Promise<LossyServer> {
  const socket = createSocket('udp4')
  const kept: ArrivedDatagram[] = []
  const timers = new Set<NodeJS.Timeout>()
  let uncounted = 0
  let plan = options.plan
  let runIndex = 0
  let lastAtMs = -Infinity
  // A tick every few ms: when ticks come late the grader was kept from running (a loaded machine), and a datagram
  // handled soon after may have waited in the socket all that while, so its arrival is known only within that. (After
  // a stall the loop may run timers, once or more, before it reads the socket: a stall ended just before counts too)
  let lastTickMs = performance.now()
  let stall = { endMs: -Infinity, ms: 0 }
  const ticker = setInterval(() => {
    const now = performance.now()
    if (now - lastTickMs > 2 * TICK_MS) stall = { endMs: now, ms: now - lastTickMs - TICK_MS }
    lastTickMs = now
  }, TICK_MS)
  let failure: unknown
  let closed = false
  socket.on('message', (message, from) => {
    const atMs = performance.now()
    const sinceStallMs = atMs - stall.endMs
    const lagMs = Math.max(atMs - lastTickMs - TICK_MS, sinceStallMs < RECENT_STALL_MS ? stall.ms + sinceStallMs : 0, 0)
    if (options.newRun && atMs - lastAtMs > options.newRun.quietMs && runIndex > 0) {
      plan = options.newRun.plan()
      runIndex = 0
    }
    lastAtMs = atMs
    const index = runIndex++
    const text = message.toString('utf8')
    const delayMs = index < plan.delaysMs.length ? plan.delaysMs[index] : plan.beyondMs
    options.arrived?.(index, text, delayMs)
    const keptAt = kept.length
    const arrived: ArrivedDatagram = { text, atMs, lagMs }
    if (keptAt < options.maxKept) kept.push(arrived)
    else uncounted++
    if (delayMs === undefined) return
    void options.reply(text).then((reply) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        if (closed) return
        const repliedAtMs = performance.now()
        if (keptAt < options.maxKept) kept[keptAt] = { ...arrived, reply, repliedAtMs }
        socket.send(reply, from.port, from.address)
        options.answered?.(index, reply, repliedAtMs - atMs)
      }, Math.max(0, delayMs - (performance.now() - atMs)))
      timers.add(timer)
    }, (error: unknown) => void (failure ??= error))
  })
  // A client that went away makes the kernel report ICMP port unreachable on some platforms: nothing to do
  socket.on('error', () => undefined)
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.bind(options.port, '127.0.0.1', () => {
      socket.off('error', reject)
      resolve()
    })
  })
  return {
    datagrams: kept,
    uncounted: () => uncounted,
    failure: () => failure,
    now: () => performance.now(),
    close: async () => {
      closed = true
      clearInterval(ticker)
      for (const timer of timers) clearTimeout(timer)
      await new Promise<void>((resolve) => socket.close(() => resolve()))
    },
  }
}
