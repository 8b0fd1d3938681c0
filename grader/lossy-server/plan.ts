import type { Random } from '../random.js'
import type { LossyServerSpec } from './spec.js'

/** What the grader's lossy server does with each datagram of one run, drawn once from the seed */
export interface LossyPlan {
  /** Per planned datagram (0-based, in arrival order): undefined when it goes unanswered, else the delay in ms */
  readonly delaysMs: readonly (number | undefined)[]
  /** The delay of datagrams beyond the plan, which are all answered */
  readonly beyondMs: number
}

// Seeded: a different subset dropped and different delays for different seeds. The delays are spread over the whole
// range (the lowest and highest of them both drawn near its ends), so an RTT a client makes up cannot match them all
export function lossyPlan(spec: LossyServerSpec, random: Random): LossyPlan {
  const { datagrams } = spec
  const count = random.int(spec.drops.min, spec.drops.max)
  const order = shuffled([...Array(datagrams).keys()], random)
  const dropped = new Set(order.slice(0, count))
  const { min, max } = spec['delay-ms']
  const quarter = Math.floor((max - min) / 4)
  const delays = order.slice(count).map((_, i) => (i === 0 ? random.int(min, min + quarter) : i === 1 ? random.int(max - quarter, max) : random.int(min, max)))
  // The near-ends delays go to seeded datagrams too
  const shuffledDelays = shuffled(delays, random)
  let next = 0
  return { delaysMs: [...Array(datagrams).keys()].map((i) => (dropped.has(i) ? undefined : shuffledDelays[next++])), beyondMs: min }
}

function shuffled<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[items[i], items[j]] = [items[j] as T, items[i] as T]
  }
  return items
}
