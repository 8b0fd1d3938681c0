import { Transcript } from '../probes/transcript.js'
import type { ReportCause } from '../report.js'
import type { Outcome } from '../run-check.js'
import { causeText, spoiledBy, type Crash } from './crash.js'


// One cause, one message: the first check (in rubric order) that saw a crash says what happened, with the hint for that
// error; every later check spoiled by the same crash is skipped with one short line. The report's headline names a
// cause that cost points or spoiled another check (a crash an advisory check provoked on purpose is that check's own)
export function oneCause(checks: readonly { id: string; points: number }[], outcomes: readonly Outcome[]): { outcomes: Outcome[]; causes: ReportCause[] } {
  const first = new Map<string, { id: string; counts: boolean; spoiled: boolean }>()
  const kept = outcomes.map((outcome, i): Outcome => {
    const crash = outcome.crash
    const check = checks[i] as { id: string; points: number }
    if (!crash || outcome.status === 'passed' || outcome.status === 'error') return outcome
    const seen = first.get(crash.key)
    if (seen) {
      seen.spoiled = true
      return { status: 'skipped', message: spoiledBy(crash, seen.id), transcript: new Transcript(), crash, spoiledBy: seen.id }
    }
    first.set(crash.key, { id: check.id, counts: check.points > 0, spoiled: false })
    return { ...outcome, message: withCrash(outcome.message, crash) }
  })
  const causes: ReportCause[] = []
  for (const [i, outcome] of kept.entries()) {
    const crash = outcome.crash
    const seen = crash && first.get(crash.key)
    if (!crash || !seen || seen.id !== checks[i]?.id || !(seen.counts || seen.spoiled)) continue
    causes.push({ side: crash.side, check: seen.id, message: causeText(crash) })
  }
  return { outcomes: kept, causes }
}

// The check's own message, with what happened to the program added when it does not say so already
function withCrash(message: string, crash: Crash): string {
  if (message.includes(crash.detail)) return message
  const said = crash.kind === 'crashed' ? `the ${crash.side} ${crash.detail}` : crash.detail
  if (!message) return said.charAt(0).toUpperCase() + said.slice(1)
  return `${message}; ${said}`
}
