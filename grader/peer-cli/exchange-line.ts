import { preview } from '../probes/transcript.js'

/** Which way bytes went, seen from the grader's side */
export type Direction = 'received' | 'sent'

// One line of the exchange log: local time to the millisecond, an arrow, and the bytes as escaped, quoted text
// (a student program's bytes never reach the terminal raw: control characters are escaped)
export function exchangeLine(at: Date, direction: Direction, data: string | Buffer, note = ''): string {
  return shownExchangeLine(at, direction, preview(data), note)
}

// The same line for bytes already escaped and quoted (a dialogue's transcript text)
export function shownExchangeLine(at: Date, direction: Direction, shown: string, note = ''): string {
  const time = [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
  const arrow = direction === 'received' ? '← received' : '→ sent    '
  return `${time}.${String(at.getMilliseconds()).padStart(3, '0')}  ${arrow}  ${shown}${note ? `  ${note}` : ''}`
}
