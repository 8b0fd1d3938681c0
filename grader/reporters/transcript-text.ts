import type { TranscriptLine } from '../report.js'
import { transcriptLine } from './check-text.js'
import { truncateBytes } from './clean.js'

/** Transcript lines shown per check (the probes keep 60) */
export const TRANSCRIPT_LINES = 60
/** Characters of one transcript line */
export const TRANSCRIPT_LINE_CHARS = 2000
/** Below this many bytes a transcript is left out rather than cut to a stub */
export const MIN_TRANSCRIPT_BYTES = 200

// A transcript as plain text, one arrowed line per message (→ the grader sent, ← the student's program sent), cleaned
// and cut to `maxBytes`; undefined when the budget is too small to show anything useful
export function transcriptText(lines: readonly TranscriptLine[], maxBytes: number): string | undefined {
  if (maxBytes < MIN_TRANSCRIPT_BYTES) return undefined
  const shown = lines.slice(0, TRANSCRIPT_LINES).map((line) => transcriptLine(line, TRANSCRIPT_LINE_CHARS))
  const left = lines.length - shown.length
  if (left > 0) shown.push(`… ${left} more transcript ${left === 1 ? 'line' : 'lines'} not shown`)
  return truncateBytes(shown.join('\n'), maxBytes)
}
