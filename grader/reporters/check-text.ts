// What the junit, markdown and github reporters say alike about a check, before each escapes it for its format
import type { CheckResult, TranscriptLine } from '../report.js'
import { cleanText, truncate } from './clean.js'

// A failed check that cost no points: an advisory check (no points) or extra credit not earned. Not a failure: a
// CI status must not turn red for it, as the CLI's exit code does not
export function missedWithoutLoss(check: CheckResult): boolean {
  return check.status === 'failed' && (check.maxScore === 0 || check.extraCredit)
}

// "advisory, no points" or "extra credit, not earned": what a miss without loss is called
export function missKind(check: CheckResult): string {
  return check.maxScore === 0 ? 'Advisory (no points), not met' : 'Extra credit, not earned'
}

const ARROWS: Record<TranscriptLine['dir'], string> = { sent: '→', received: '←', note: '·' }

// One transcript line as "→ sent", "← received" or "· note", cleaned and cut to `maxChars`
export function transcriptLine(line: TranscriptLine, maxChars: number): string {
  return `${ARROWS[line.dir]} ${truncate(cleanText(line.text), maxChars)}`
}

// Transcript lines as transcriptLine writes them, at most `maxLines` of them
export function transcriptText(transcript: readonly TranscriptLine[], maxLines: number, maxChars: number): string[] {
  const shown = transcript.slice(0, maxLines).map((line) => transcriptLine(line, maxChars))
  if (transcript.length > shown.length) shown.push(`… ${transcript.length - shown.length} more transcript lines`)
  return shown
}
