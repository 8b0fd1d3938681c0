// Client checks judge runs of the student's client, one run per stdin (sessions/client-runs.ts), and each writes the
// run it judged into its own transcript: checks that judged one run carry the same lines. Reports show a run once
import type { CheckResult, TranscriptLine } from '../report.js'

/** One run of the student's client, as the checks that judged it wrote it down */
export interface ClientRun {
  /** 1, 2, … in the order the runs first appear among the checks */
  readonly number: number
  readonly transcript: readonly TranscriptLine[]
  /** The checks it decided, in report order: the first is where a text report prints it */
  readonly checks: readonly CheckResult[]
}

// The client run behind each of `checks` whose transcript is one (it starts "Ran the client …", as every client probe's
// does); a server check's exchange is its own, even when it reads the same as another's, and belongs to no run
export function clientRunsOf(checks: readonly CheckResult[]): ReadonlyMap<CheckResult, ClientRun> {
  const runs = new Map<string, { number: number; transcript: readonly TranscriptLine[]; checks: CheckResult[] }>()
  const runOf = new Map<CheckResult, ClientRun>()
  for (const check of checks) {
    if (!isClientRun(check.transcript)) continue
    const key = JSON.stringify(check.transcript)
    const run = runs.get(key) ?? { number: runs.size + 1, transcript: check.transcript, checks: [] }
    runs.set(key, run)
    run.checks.push(check)
    runOf.set(check, run)
  }
  return runOf
}

// The check a text report prints the run under when it is not this one: the first that judged the same run
export function printedUnder(check: CheckResult, runs: ReadonlyMap<CheckResult, ClientRun>): CheckResult | undefined {
  const first = runs.get(check)?.checks[0]
  return first === check ? undefined : first
}

function isClientRun(transcript: readonly TranscriptLine[]): boolean {
  const first = transcript[0]
  return first?.dir === 'note' && first.text.startsWith('Ran the client ')
}
