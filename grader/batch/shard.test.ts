import { describe, expect, test } from 'vitest'
import { UsageError } from '../errors.js'
import { inShard, parseShard, shardOf } from './shard.js'

describe('parseShard', () => {
  test.each([
    ['1/1', { index: 1, count: 1 }],
    ['3/4', { index: 3, count: 4 }],
    ['1000/1000', { index: 1000, count: 1000 }],
  ])('%s', (text, shard) => {
    expect(parseShard(text)).toEqual(shard)
  })

  test.each(['0/4', '5/4', '1/0', '1/1001', '1', '1/', '/4', 'a/b', '-1/4', '1.5/4', '1 / 4', ''])('refuses "%s"', (text) => {
    expect(() => parseShard(text)).toThrow(UsageError)
    expect(() => parseShard(text)).toThrow(`Invalid value for --shard: expected K/N with 1 ≤ K ≤ N ≤ 1000 (such as "1/4"), got "${text}"`)
  })
})

describe('shardOf', () => {
  // Never change these: shards graded by one release are merged by another. Computed as
  // int.from_bytes(sha256(id.encode()).digest()[:8], "big") % n + 1 in Python, which gives the same numbers
  test.each([
    ['1001', 2, 4, 6, 244],
    ['alice', 2, 4, 2, 208],
    ['bob', 1, 3, 2, 651],
    ['s-0042', 1, 3, 3, 439],
    ['Zoë', 1, 1, 4, 49],
    ['李小龍', 1, 1, 6, 837],
    ['12345_67890', 1, 3, 6, 911],
    ['octocat', 1, 1, 3, 537],
    ['', 1, 1, 2, 653],
  ])('"%s" → %i of 2, %i of 4, %i of 7, %i of 1000', (id, of2, of4, of7, of1000) => {
    expect([shardOf(id, 2), shardOf(id, 4), shardOf(id, 7), shardOf(id, 1000)]).toEqual([of2, of4, of7, of1000])
    expect(shardOf(id, 1)).toBe(1)
  })

  test('1000 ids spread roughly evenly over 4 shards, each in exactly one', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `student-${i}`)
    const sizes = [1, 2, 3, 4].map((index) => ids.filter((id) => inShard(id, { index, count: 4 })).length)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1000)
    for (const size of sizes) expect(size).toBeGreaterThan(200)
    for (const size of sizes) expect(size).toBeLessThan(300)
  })
})
