/** A duration a program printed: its value in ms, how it was read, and how finely it was printed */
export interface PrintedDuration {
  /** As printed, for messages (`0.123 s`, `123`) */
  readonly text: string
  readonly ms: number
  /** The unit it was read in, and whether the program wrote it or the grader went by magnitude */
  readonly unit: Unit
  readonly labelled: boolean
  /** Half the step of the last printed digit, in ms (rounding a printed value may move it that far) */
  readonly halfStepMs: number
}

export type Unit = 's' | 'ms' | 'µs' | 'ns'

const UNIT_MS: Record<Unit, number> = { s: 1000, ms: 1, µs: 0.001, ns: 0.000001 }

// A number as Python prints one (1.5e-05 too), or a timedelta (0:00:00.123456)
const NUMBER = String.raw`(?:\d+:\d{2}:\d{2}(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+)`
const UNIT = String.raw`(?:nanosec(?:ond)?s?|ns|microsec(?:ond)?s?|[µμu]s(?:ecs?)?|millisec(?:ond)?s?|millis|msecs?|ms|sec(?:ond)?s?|s)(?![a-zA-Z])`
const NUMBER_AND_UNIT = new RegExp(String.raw`(?<![\d.])(${NUMBER})(?:\s*(${UNIT}))?`, 'g')
const UNIT_ALONE = new RegExp(String.raw`(?<![a-zA-Z])(${UNIT})`)

/** A number found in printed text, with the unit written right after it (or in the words before it, when given) */
export interface FoundNumber {
  readonly index: number
  readonly end: number
  readonly text: string
  readonly unit?: Unit
}

// Every number in the text, each with the unit written after it when there is one
export function numbersIn(text: string): FoundNumber[] {
  return [...text.matchAll(NUMBER_AND_UNIT)].map((m) => ({
    index: m.index,
    end: m.index + m[0].length,
    text: m[0].trim(),
    ...(m[2] ? { unit: unitOf(m[2]) } : {}),
  }))
}

// The unit a word names (`msec`, `seconds`, `us` ...), when it names one
export function unitIn(words: string): Unit | undefined {
  const found = UNIT_ALONE.exec(words)?.[1]
  return found ? unitOf(found) : undefined
}

function unitOf(word: string): Unit {
  const w = word.toLowerCase()
  if (w.startsWith('n')) return 'ns'
  if (/^(micro|[µμu])/.test(w)) return 'µs'
  if (w.startsWith('m')) return 'ms'
  return 's'
}

// The number read as a duration: in the unit the program wrote, else in the unit that makes it closest to `nearMs`
// (a program that prints a bare 0.123 means seconds, a bare 123 milliseconds, when the truth is about 120 ms)
export function asDuration(found: FoundNumber, nearMs: number, unitFromWords?: Unit): PrintedDuration {
  const timedelta = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(found.text.replace(/\s*[a-zA-Zµμ]+$/, ''))
  const numberText = found.text.replace(/\s*[a-zA-Zµμ]+$/, '')
  const value = timedelta ? Number(timedelta[1]) * 3600 + Number(timedelta[2]) * 60 + Number(timedelta[3]) : Number(numberText)
  const written = timedelta ? 's' : (found.unit ?? unitFromWords)
  const unit = written ?? nearestUnit(value, nearMs)
  return { text: found.text, ms: value * UNIT_MS[unit], unit, labelled: written !== undefined, halfStepMs: (stepOf(timedelta ? (timedelta[3] as string) : numberText) * UNIT_MS[unit]) / 2 }
}

function nearestUnit(value: number, nearMs: number): Unit {
  if (value <= 0 || nearMs <= 0) return 's'
  const distance = (unit: Unit) => Math.abs(Math.log((value * UNIT_MS[unit]) / nearMs))
  return (Object.keys(UNIT_MS) as Unit[]).reduce((best, unit) => (distance(unit) < distance(best) ? unit : best))
}

// The step of the last digit printed: 0.01 for "0.12", 1 for "120", 1e-7 for "1.5e-06"
function stepOf(text: string): number {
  const [mantissa = '', exponent] = text.split(/[eE]/)
  const decimals = mantissa.includes('.') ? (mantissa.split('.')[1] ?? '').length : 0
  return 10 ** (Number(exponent ?? 0) - decimals)
}

/** The durations a correct program could have printed, in ms */
export interface DurationRange {
  readonly loMs: number
  readonly hiMs: number
}

// Whether a printed duration is in the range, widened by the printed value's rounding
export function matchesDuration(printed: PrintedDuration, range: DurationRange): boolean {
  return printed.ms >= range.loMs - printed.halfStepMs && printed.ms <= range.hiMs + printed.halfStepMs
}
