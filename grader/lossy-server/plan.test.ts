import { describe, expect, test } from 'vitest'
import { seededRandom } from '../random.js'
import { lossyPlan } from './plan.js'
import type { LossyServerSpec } from './spec.js'

const SPEC: LossyServerSpec = { datagrams: 10, drops: { min: 2, max: 3 }, 'delay-ms': { min: 30, max: 250 } }
const planOf = (seed: number) => lossyPlan(SPEC, seededRandom(seed, 'lossy-server'))
const seeds = [...Array(300).keys()]

describe('a lossy plan', () => {
  test('drops some but never all of the datagrams, as many as the spec allows', () => {
    for (const seed of seeds) {
      const dropped = planOf(seed).delaysMs.filter((d) => d === undefined).length
      expect(dropped).toBeGreaterThanOrEqual(SPEC.drops.min)
      expect(dropped).toBeLessThanOrEqual(SPEC.drops.max)
      expect(planOf(seed).delaysMs).toHaveLength(SPEC.datagrams)
    }
  })

  test('delays every answer within the range, one near each end, so no made-up RTT fits them all', () => {
    for (const seed of seeds) {
      const delays = planOf(seed).delaysMs.filter((d): d is number => d !== undefined)
      for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(30), expect(delay).toBeLessThanOrEqual(250)
      expect(Math.min(...delays)).toBeLessThanOrEqual(30 + 55)
      expect(Math.max(...delays)).toBeGreaterThanOrEqual(250 - 55)
    }
  })

  test('is the same for the same seed and differs between seeds', () => {
    expect(planOf(7)).toEqual(planOf(7))
    const patterns = new Set(seeds.map((seed) => planOf(seed).delaysMs.map((d) => (d === undefined ? 'x' : '.')).join('')))
    // 10 choose 2 plus 10 choose 3 is 165 patterns: 300 seeds show most of them
    expect(patterns.size).toBeGreaterThan(100)
    expect(new Set(seeds.map((seed) => planOf(seed).delaysMs.join(','))).size).toBe(seeds.length)
  })
})
