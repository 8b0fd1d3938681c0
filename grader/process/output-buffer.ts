/** Keeps the first `capBytes` of a stream and counts the rest, so a flooding program cannot exhaust memory */
export class OutputBuffer {
  private readonly chunks: Buffer[] = []
  private kept = 0
  private dropped = 0
  private readonly overflowListeners: (() => void)[] = []

  constructor(readonly capBytes: number) {}

  // Append a chunk, keeping only what fits under the cap
  push(chunk: Buffer): void {
    const room = this.capBytes - this.kept
    if (room > 0) {
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room)
      this.chunks.push(part)
      this.kept += part.length
    }
    const wasTruncated = this.truncated
    this.dropped += Math.max(0, chunk.length - Math.max(0, room))
    if (this.truncated && !wasTruncated) for (const listener of this.overflowListeners.splice(0)) listener()
  }

  // Call `listener` once, when the stream first passes the cap (at once if it has already)
  onOverflow(listener: () => void): void {
    if (this.truncated) listener()
    else this.overflowListeners.push(listener)
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
