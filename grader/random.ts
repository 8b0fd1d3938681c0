/** A small deterministic random source, so that the same seed always produces the same inputs */
export interface Random {
  // A float in [0, 1)
  next(): number
  // An integer in [low, high]
  int(low: number, high: number): number
  pick<T>(items: readonly T[]): T
}

// mulberry32 seeded from a string: the seed and a label (the check id) give each check its own stream
export function seededRandom(seed: number, label: string): Random {
  let state = hashString(`${seed}:${label}`)
  const next = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (low: number, high: number) => low + Math.floor(next() * (high - low + 1))
  return { next, int, pick: (items) => items[int(0, items.length - 1)] as never }
}

function hashString(text: string): number {
  let hash = 2166136261
  for (const char of text) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 16777619)
  return hash >>> 0
}
