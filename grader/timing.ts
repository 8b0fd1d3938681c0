/** Every deadline the grader uses, in milliseconds */
export interface Timing {
  /** From spawn until the server must listen: Python binds in ~20 ms, ~0.5 s through a shim under load */
  readonly serverStartMs: number
  /** One reply from a student server */
  readonly replyMs: number
  /** Pause after which a TCP reply that has started is taken as complete (for servers that keep the connection open) */
  readonly replyIdleMs: number
  /** A whole run of a student client, from spawn to exit */
  readonly clientRunMs: number
  /** Pause after which bytes from a client without a newline count as one message */
  readonly peerIdleMs: number
  /** Added to each check's own bound (see deadline.ts): the probe's own work between waits */
  readonly checkMarginMs: number
  /** From the kernel reporting a server's first process gone to the grader knowing how the program ended */
  readonly exitSeenMs: number
  /** Stopping what runs: SIGTERM's grace, SIGKILL, pipes drained, a sandbox's leftovers killed */
  readonly stopMs: number
  /** Before the first check: the sandbox and the worker started, the submission copied and its programs found */
  readonly setUpMs: number
  /** A build step from sockgrade.yaml (javac takes ~1 s, much more on a loaded machine) */
  readonly buildMs: number
}

export const DEFAULT_TIMING: Timing = {
  serverStartMs: 5000,
  replyMs: 1500,
  replyIdleMs: 100,
  clientRunMs: 4000,
  peerIdleMs: 30,
  checkMarginMs: 500,
  exitSeenMs: 1500,
  stopMs: 3000,
  setUpMs: 3000,
  buildMs: 60_000,
}

// Deadlines stretched by --timeout-scale (idle pauses included: a slow machine delivers slower)
export function scaledTiming(scale = 1): Timing {
  const scaled = Object.entries(DEFAULT_TIMING).map(([key, ms]) => [key, Math.round(ms * scale)])
  return Object.fromEntries(scaled) as unknown as Timing
}
