import type { TranscriptLine } from '../report.js'

const PREVIEW_CHARS = 160

/** Collects what a probe sent and received, for the report */
export class Transcript {
  readonly lines: TranscriptLine[] = []

  sent(what: string): void {
    this.lines.push({ dir: 'sent', text: what })
  }

  received(what: string): void {
    this.lines.push({ dir: 'received', text: what })
  }

  note(what: string): void {
    this.lines.push({ dir: 'note', text: what })
  }
}

// A quoted, escaped, length-capped view of text or bytes that came from (or went to) a student program
export function preview(data: string | Buffer): string {
  const text = typeof data === 'string' ? data : data.toString('utf8')
  const shown = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text
  const escaped = JSON.stringify(shown)
  return text.length > PREVIEW_CHARS ? `${escaped} (${Buffer.byteLength(text)} bytes)` : escaped
}
