/** One datagram the client sent, as the attribution needs it: what the grader answered, if it did */
export interface SentPing {
  readonly text: string
  readonly reply?: string
}

/** What the client printed for one ping */
export interface PingOutput {
  /** Where its reply was found in stdout; undefined when it was not printed (or the ping was not answered) */
  readonly replyAt?: number
  /** Where the line that says it timed out starts, when one was attributed to it */
  readonly timeoutAt?: number
  /** Its part of stdout, the grader's own texts (every ping and reply) blanked out; empty when nothing marks it */
  readonly segment: string
}

// Lines that say a ping got no answer: "Request timed out", "TIMEOUT", "time-out" ...
const TIMEOUT_LINE = /tim(?:ed|e)?[\s_-]*out/i

// Split what the client printed into each ping's part, as a TA reads it. Each ping's output starts at a marker: the
// line holding its reply (found in order) or, for a ping the grader did not answer, the next line saying it timed out
// (in order, between the replies around it); a ping's part runs until the next ping's marker. Lines before the first
// marker (banners) belong to no ping
export function attributeOutput(stdout: string, pings: readonly SentPing[]): PingOutput[] {
  const replyAt = findReplies(stdout, pings)
  const timeouts = lineStarts(stdout).filter((start) => TIMEOUT_LINE.test(lineAt(stdout, start)))
  const starts: (number | undefined)[] = []
  const timeoutAt: (number | undefined)[] = []
  let after = -1
  for (const [i, ping] of pings.entries()) {
    const found = replyAt[i]
    if (found !== undefined) {
      starts[i] = lineStartOf(stdout, found)
      after = found
      continue
    }
    if (ping.reply !== undefined) continue
    // The next reply found bounds where this ping's timeout line may be
    const next = replyAt.slice(i + 1).find((at) => at !== undefined)
    const limit = next === undefined ? Infinity : lineStartOf(stdout, next)
    const line = timeouts.find((start) => start > after && start < limit)
    if (line !== undefined) {
      starts[i] = timeoutAt[i] = line
      after = line
    }
  }
  const blanked = blankOut(stdout, pings)
  return pings.map((_, i) => {
    const start = starts[i]
    if (start === undefined) return { segment: '' }
    const next = starts.slice(i + 1).find((s): s is number => s !== undefined && s > start) ?? stdout.length
    return { ...(replyAt[i] !== undefined ? { replyAt: replyAt[i] } : {}), ...(timeoutAt[i] !== undefined ? { timeoutAt: timeoutAt[i] } : {}), segment: blanked.slice(start, next) }
  })
}

// Each answered ping's reply, searched for in order after the previous one found (decoded or as a bytes repr, the
// reply's text is in what was printed)
function findReplies(stdout: string, pings: readonly SentPing[]): (number | undefined)[] {
  let from = 0
  return pings.map((ping) => {
    const reply = ping.reply?.trim()
    if (!reply) return undefined
    const at = stdout.indexOf(reply, from)
    if (at < 0) return undefined
    from = at + reply.length
    return at
  })
}

// The stdout with every ping and reply the grader saw replaced by spaces: their sequence numbers and times are not
// the client's RTTs
function blankOut(stdout: string, pings: readonly SentPing[]): string {
  const texts = pings.flatMap((p) => [p.text.trim(), p.reply?.trim() ?? '']).filter((t) => t.length > 0)
  let out = stdout
  for (const text of [...new Set(texts)].sort((a, b) => b.length - a.length)) out = out.split(text).join(' '.repeat(text.length))
  return out
}

function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i >= 0 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

function lineStartOf(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1
}

function lineAt(text: string, start: number): string {
  const end = text.indexOf('\n', start)
  return text.slice(start, end < 0 ? undefined : end)
}
