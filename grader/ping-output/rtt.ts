import { asDuration, numbersIn, unitIn, type FoundNumber, type PrintedDuration } from './durations.js'

// Words that name the round-trip time, and words that name some time
const RTT_WORDS = /\b(?:rtt|round[\s_-]*trip(?:[\s_-]*time)?)/gi
const TIME_WORDS = /\b(?:time|delay|elapsed|latency|took)/gi
// How far after its name a value may be: "RTT (in ms) = 12"
const NAME_GAP_CHARS = 24

// The RTT a ping's part of the output gives, as a TA finds it: the number after "RTT" (or "round trip"), else the
// first number with a time unit, else the number after "time"/"delay"/"elapsed", else the first number at all.
// Unlabelled, it is read in the unit closest to `nearMs`
export function rttIn(segment: string, nearMs: number): PrintedDuration | undefined {
  const numbers = numbersIn(segment)
  const named = afterName(segment, numbers, RTT_WORDS) ?? (numbers.find((n) => n.unit) ? { found: numbers.find((n) => n.unit) as FoundNumber } : undefined) ?? afterName(segment, numbers, TIME_WORDS)
  const chosen = named ?? (numbers[0] ? { found: numbers[0] } : undefined)
  return chosen ? asDuration(chosen.found, nearMs, chosen.unit) : undefined
}

// The first number that follows one of the words closely, with a unit named in between ("RTT (ms): 12")
export function afterName(text: string, numbers: readonly FoundNumber[], words: RegExp): { found: FoundNumber; unit?: ReturnType<typeof unitIn> } | undefined {
  for (const word of text.matchAll(words)) {
    const end = word.index + word[0].length
    const found = numbers.find((n) => n.index >= end && n.index - end <= NAME_GAP_CHARS && !/\n/.test(text.slice(end, n.index)))
    if (found) {
      const unit = unitIn(text.slice(end, found.index))
      return { found, ...(unit ? { unit } : {}) }
    }
  }
  return undefined
}
