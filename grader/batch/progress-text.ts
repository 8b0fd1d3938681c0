// The batch's progress, as text: pure functions of the counts and the clock reading they are given
import { countTexts } from './student-counts.js'

/** Where a batch stands */
export interface ProgressState {
  readonly total: number
  /** Graded in earlier runs of a resumed batch: counted as done, not in the rate */
  readonly resumed: number
  readonly done: number
  /** The students graded so far, counted by countStudent (student-counts.ts) as the class summary counts them */
  readonly fullMarks: number
  readonly partial: number
  readonly zero: number
  readonly notGradable: number
  readonly graderErrors: number
  /** Student ids being graded, with when each started */
  readonly running: ReadonlyMap<string, number>
  readonly startedAt: number
}

// "12.3/min" and about how long the rest takes, from this run's own rate; undefined before the first result
function rateAndEta(state: ProgressState, now: number): { perMinute: number; etaMs: number } | undefined {
  const gradedNow = state.done - state.resumed
  const elapsedMs = now - state.startedAt
  if (gradedNow <= 0 || elapsedMs <= 0) return undefined
  const perMinute = (gradedNow / elapsedMs) * 60_000
  return { perMinute, etaMs: ((state.total - state.done) / perMinute) * 60_000 }
}

// "1m05s", "42s"
export function shortDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
}

// The student running longest and for how long, or undefined when nothing runs
function slowest(state: ProgressState, now: number): string | undefined {
  let found: [string, number] | undefined
  for (const [id, started] of state.running) if (!found || started < found[1]) found = [id, started]
  return found ? `${found[0]} ${shortDuration(now - found[1])}` : undefined
}

// The counts part both forms share, in the class summary's words: "30 full marks, 6 partial, 2 zero, 2 not gradable,
// 4 running (slowest: alice 23s)"
function counts(state: ProgressState, now: number): string {
  const running = slowest(state, now)
  const students = countTexts(state)
  return [...students.map(({ text }) => text), `${state.running.size} running${running ? ` (slowest: ${running})` : ''}`].join(', ')
}

// One redrawn line for a terminal: a bar, done/total, rate, ETA and the counts, cut to the terminal's width
export function progressBar(state: ProgressState, now: number, width: number): string {
  const timing = rateAndEta(state, now)
  const barWidth = 20
  const filled = state.total ? Math.round((state.done / state.total) * barWidth) : barWidth
  const bar = `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}`
  const rate = timing ? ` ${timing.perMinute.toFixed(1)}/min ETA ${shortDuration(timing.etaMs)}` : ''
  const line = `${bar} ${state.done}/${state.total}${rate} · ${counts(state, now)}`
  return [...line].slice(0, Math.max(10, width - 1)).join('')
}

// The plain line printed every few seconds when stderr is not a terminal (CI logs)
export function progressLine(state: ProgressState, now: number): string {
  const timing = rateAndEta(state, now)
  const rate = timing ? `, ${timing.perMinute.toFixed(1)} a minute, about ${shortDuration(timing.etaMs)} left` : ''
  return `Graded ${state.done} of ${state.total}: ${counts(state, now)}${rate}`
}
