import { asDuration, numbersIn, type PrintedDuration } from './durations.js'
import { afterName } from './rtt.js'

/** The summary a client printed after its pings: each value undefined when it printed none */
export interface PrintedSummary {
  readonly minMs?: PrintedDuration
  readonly maxMs?: PrintedDuration
  readonly avgMs?: PrintedDuration
  /** The loss as printed: its number, and whether a % followed it */
  readonly loss?: { readonly value: number; readonly percent: boolean; readonly text: string }
}

/** The truth to read the summary against: durations read by magnitude go by these */
export interface SummaryTruth {
  readonly minMs: number
  readonly maxMs: number
  readonly avgMs: number
}

// "rtt min/avg/max/mdev = 31.2/120.5/240.1/70.3 ms", as ping(8) writes it
const SLASHED = /\b(min|avg|max|mdev|average|mean|stddev)((?:\/(?:min|avg|max|mdev|average|mean|stddev))+)\s*[=:]?\s*([\d.]+(?:\/[\d.]+)+)\s*([a-zµμ]*)/i

// Read min, max and average RTT and the loss rate from the client's output (their names as people write them)
export function summaryIn(text: string, truth: SummaryTruth): PrintedSummary {
  const numbers = numbersIn(text)
  const read = (words: RegExp, nearMs: number) => {
    const found = afterName(text, numbers, words)
    return found ? asDuration(found.found, nearMs, found.unit) : undefined
  }
  const slashed = slashedIn(text, truth)
  return {
    ...pick('minMs', slashed.min ?? read(/\bmin(?:imum)?\b/gi, truth.minMs)),
    ...pick('maxMs', slashed.max ?? read(/\bmax(?:imum)?\b/gi, truth.maxMs)),
    ...pick('avgMs', slashed.avg ?? read(/\b(?:avg|average|mean)\b/gi, truth.avgMs)),
    ...pick('loss', lossIn(text)),
  }
}

function pick<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>)
}

function slashedIn(text: string, truth: SummaryTruth): { min?: PrintedDuration; max?: PrintedDuration; avg?: PrintedDuration } {
  const m = SLASHED.exec(text)
  if (!m) return {}
  const names = `${m[1]}${m[2]}`.toLowerCase().split('/')
  const values = (m[3] as string).split('/')
  const unit = m[4] ?? ''
  const at = (name: RegExp, nearMs: number) => {
    const i = names.findIndex((n) => name.test(n))
    const value = values[i]
    if (i < 0 || value === undefined) return undefined
    const [found] = numbersIn(`${value} ${unit}`)
    return found ? asDuration(found, nearMs) : undefined
  }
  return { min: at(/^min$/, truth.minMs), max: at(/^max$/, truth.maxMs), avg: at(/^(avg|average|mean)$/, truth.avgMs) }
}

// "Packet loss rate: 30%", "loss: 0.3", "3 packets lost", "30.0% packet loss"
function lossIn(text: string): PrintedSummary['loss'] {
  const before = /(\d+(?:\.\d+)?)\s*(%?)\s*(?:packets?\s*)?(?:loss|lost)/i.exec(text)
  const after = /\b(?:loss|lost)\w*[^\d\n]{0,24}?(\d+(?:\.\d+)?)\s*(%?)/i.exec(text)
  const m = [before, after].filter((x): x is RegExpExecArray => x !== null).sort((a, b) => a.index - b.index)[0]
  return m ? { value: Number(m[1]), percent: m[2] === '%', text: m[0] } : undefined
}

// Whether the printed loss is the share of pings lost: as a fraction, a percentage, or the count lost of `sent`
export function matchesLoss(loss: NonNullable<PrintedSummary['loss']>, lost: number, sent: number): boolean {
  const share = lost / sent
  const near = (value: number, truth: number, tolerance: number) => Math.abs(value - truth) <= tolerance
  if (loss.percent) return near(loss.value, share * 100, 0.6)
  return near(loss.value, share, 0.006) || near(loss.value, share * 100, 0.6) || loss.value === lost
}
