/** Keeps the first `capBytes` of a stream and counts the rest, so a flooding program cannot exhaust memory */
export class OutputBuffer {
  private readonly chunks: Buffer[] = []
  private kept = 0
  private dropped = 0

  constructor(private readonly capBytes: number) {}

  // Append a chunk, keeping only what fits under the cap
  push(chunk: Buffer): void {
    const room = this.capBytes - this.kept
    if (room > 0) {
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room)
      this.chunks.push(part)
      this.kept += part.length
    }
    this.dropped += Math.max(0, chunk.length - Math.max(0, room))
  }

  get truncated(): boolean {
    return this.dropped > 0
  }

  get droppedBytes(): number {
    return this.dropped
  }

  // Decoded text so far; invalid UTF-8 becomes U+FFFD
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}
