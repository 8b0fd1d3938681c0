/** A range of whole numbers, both ends included */
export interface IntRange {
  readonly min: number
  readonly max: number
}

/** `lossy-server:` in assignment.yaml: the UDP server the grader plays against a student's client */
export interface LossyServerSpec {
  /** How many datagrams the client is to send: the seeded plan covers them */
  readonly datagrams: number
  /** How many of them go unanswered */
  readonly drops: IntRange
  /** How long the grader waits before each answer */
  readonly 'delay-ms': IntRange
}

// What the schema cannot say: ranges the right way round, and some but never all datagrams dropped. The first
// problem, at its JSON pointer under /lossy-server
export function lossyServerProblem(spec: LossyServerSpec): { pointer: string; problem: string } | undefined {
  for (const key of ['drops', 'delay-ms'] as const) {
    if (spec[key].min > spec[key].max) return { pointer: `/lossy-server/${key}`, problem: `min (${spec[key].min}) is more than max (${spec[key].max})` }
  }
  if (spec.drops.min < 1) return { pointer: '/lossy-server/drops/min', problem: 'must be at least 1: a client is graded on what it does when an answer never comes' }
  if (spec.drops.max >= spec.datagrams) return { pointer: '/lossy-server/drops/max', problem: `must be less than datagrams (${spec.datagrams}): some datagrams must be answered` }
  return undefined
}
