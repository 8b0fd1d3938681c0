import { isUtf8 } from 'node:buffer'
import type { TranscriptLine } from '../report.js'

const PREVIEW_CHARS = 160

// A transcript is for reading: past this many lines the rest is only counted (reports stay small)
const MAX_TRANSCRIPT_LINES = 60

/** Collects what a probe sent and received, for the report */
export class Transcript {
  private readonly kept: TranscriptLine[] = []
  private omitted = 0

  get lines(): readonly TranscriptLine[] {
    return this.omitted ? [...this.kept, { dir: 'note', text: `… ${this.omitted} more transcript lines not kept` }] : this.kept
  }

  sent(what: string): void {
    this.add({ dir: 'sent', text: what })
  }

  received(what: string): void {
    this.add({ dir: 'received', text: what })
  }

  note(what: string): void {
    this.add({ dir: 'note', text: what })
  }

  private add(line: TranscriptLine): void {
    if (this.kept.length < MAX_TRANSCRIPT_LINES) this.kept.push(line)
    else this.omitted++
  }
}

// A quoted, escaped, length-capped view of text or bytes that came from (or went to) a student program
export function preview(data: string | Buffer): string {
  if (Buffer.isBuffer(data) && !isUtf8(data)) return `b"${bytesEscaped(data.subarray(0, PREVIEW_CHARS))}"${data.length > PREVIEW_CHARS ? `… (${data.length} bytes)` : ''}`
  const text = typeof data === 'string' ? data : data.toString('utf8')
  const shown = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text
  const escaped = JSON.stringify(shown)
  return text.length > PREVIEW_CHARS ? `${escaped} (${Buffer.byteLength(text)} bytes)` : escaped
}

// Bytes as Python shows them: printable ASCII as is, everything else as \xNN
function bytesEscaped(data: Buffer): string {
  return [...data].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('')
}
