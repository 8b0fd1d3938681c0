/** Bytes received and not yet read, kept as a list of chunks (no copy per chunk) up to a fixed cap */
export class ReceivedBytes {
  private chunks: Buffer[] = []
  private kept = 0

  constructor(private readonly capBytes: number) {}

  // Keep a chunk; false when it did not fit under the cap (only the part that fits is kept)
  push(chunk: Buffer): boolean {
    const room = this.capBytes - this.kept
    const part = chunk.length <= room ? chunk : chunk.subarray(0, Math.max(0, room))
    if (part.length > 0) {
      this.chunks.push(part)
      this.kept += part.length
    }
    return part.length === chunk.length
  }

  get length(): number {
    return this.kept
  }

  // Offset of the first occurrence of `needle`, or -1; a needle of several bytes may span chunks, which are then
  // joined once
  indexOf(needle: Buffer): number {
    if (needle.length === 1) {
      let offset = 0
      for (const chunk of this.chunks) {
        const at = chunk.indexOf(needle)
        if (at >= 0) return offset + at
        offset += chunk.length
      }
      return -1
    }
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.kept)]
    return this.chunks[0]?.indexOf(needle) ?? -1
  }

  // Put bytes taken too early back in front (a wait that gave up before its message was whole)
  unshift(chunk: Buffer): void {
    if (chunk.length === 0) return
    this.chunks.unshift(chunk)
    this.kept += chunk.length
  }

  // Remove and return the first `count` bytes (joined once, here)
  take(count: number): Buffer {
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.kept)
    const data = all.subarray(0, count)
    const rest = all.subarray(count)
    this.chunks = rest.length > 0 ? [rest] : []
    this.kept = rest.length
    return data
  }
}
