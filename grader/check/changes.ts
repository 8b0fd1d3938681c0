import type { GradeReport } from '../report.js'

// What changed between two runs of the same checks, as vitest's watch mode says it: "Now passing: a; newly failing: b"
export function describeChanges(before: GradeReport, after: GradeReport): string {
  const passedBefore = new Set(before.checks.filter((c) => c.status === 'passed').map((c) => c.id))
  const known = new Set(before.checks.map((c) => c.id))
  const nowPassing = after.checks.filter((c) => c.status === 'passed' && !passedBefore.has(c.id)).map((c) => c.id)
  const newlyFailing = after.checks.filter((c) => c.status !== 'passed' && (passedBefore.has(c.id) || !known.has(c.id))).map((c) => c.id)
  const parts = [nowPassing.length && `now passing: ${nowPassing.join(', ')}`, newlyFailing.length && `newly failing: ${newlyFailing.join(', ')}`].filter(Boolean) as string[]
  if (!parts.length) return 'No change since the last run'
  const text = parts.join('; ')
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`
}
