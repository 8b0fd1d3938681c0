import { createHash } from 'node:crypto'
import { UsageError } from '../errors.js'

/** One slice of a class: shard `index` (1-based) of `count` */
export interface Shard {
  readonly index: number
  readonly count: number
}

export const MAX_SHARDS = 1000

// "K/N" from --shard: 1 ≤ K ≤ N ≤ 1000
export function parseShard(text: string): Shard {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text.trim())
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || index < 1 || count < 1 || count > MAX_SHARDS || index > count) {
    throw new UsageError(`Invalid value for --shard: expected K/N with 1 ≤ K ≤ N ≤ ${MAX_SHARDS} (such as "1/4"), got "${text}"`)
  }
  return { index, count }
}

// The shard (1..count) a student belongs to: sha256 of the id's UTF-8 bytes, its first 8 bytes as an unsigned
// big-endian integer, mod count. No Math.random, no locale, no Node-version-dependent hash: the same split everywhere
export function shardOf(studentId: string, count: number): number {
  const digest = createHash('sha256').update(studentId, 'utf8').digest()
  return Number(digest.readBigUInt64BE(0) % BigInt(count)) + 1
}

// True when the student belongs to this shard
export function inShard(studentId: string, shard: Shard): boolean {
  return shardOf(studentId, shard.count) === shard.index
}
