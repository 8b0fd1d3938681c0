import type { CaseOutcome, ChaosCase } from './run-case.js'

// The command that replays exactly one case: its seed, assignment and mode
export function replayCommand(c: ChaosCase): string {
  return `npm run chaos -- --n 1 --seed ${c.seed} --assignment ${c.assignment} --mode ${c.mode}`
}

// Every violation as one row: seed, mode, assignment, invariant, what happened, what was injected, the replay command
export function violationsTable(outcomes: readonly CaseOutcome[]): string {
  const rows = outcomes.flatMap((o) => o.violations.map((v) => [String(o.case.seed), o.case.mode, o.case.assignment, v.invariant, v.detail, o.summary, replayCommand(o.case)]))
  if (rows.length === 0) return 'No violations'
  const header = ['seed', 'mode', 'assignment', 'invariant', 'what happened', 'injected', 'replay']
  const widths = header.map((h, i) => Math.min(90, Math.max(h.length, ...rows.map((r) => (r[i] as string).length))))
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number))).join('  ')
  return [line(header), ...rows.map(line)].join('\n')
}
