// Fitting a results.json under a platform's size limit (Gradescope and PrairieLearn: 1 MB) without breaking it: each
// part is rendered again with less of the student's text, the largest parts first, and the document stays valid JSON

/** How much student-controlled text one part may hold */
export interface OutputBudget {
  /** UTF-8 bytes of transcript; below a few hundred the transcript is left out, saying so */
  readonly transcriptBytes: number
  /** Characters of the check's message (and of its hint) */
  readonly messageChars: number
}

// What a value adds to a JSON document, in bytes (UTF-8, escapes included, no indentation)
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value))
}

// Render with less and less until the JSON of the result fits `maxBytes`: the transcript shrinks first, then the
// message; with neither left the result is what it is (a name and a note), the smallest this part can be
export function shrinkToFit<T>(render: (budget: OutputBudget) => T, maxBytes: number, start: OutputBudget): T {
  let budget = start
  for (;;) {
    const value = render(budget)
    const over = jsonBytes(value) - maxBytes
    if (over <= 0) return value
    if (budget.transcriptBytes > 0) budget = { ...budget, transcriptBytes: Math.max(0, budget.transcriptBytes - over - 64) }
    else if (budget.messageChars > 0) budget = { ...budget, messageChars: budget.messageChars > 80 ? Math.floor(budget.messageChars / 2) : 0 }
    else return value
  }
}

// The document from its parts, each first rendered with `partBytes`; while the document is over `documentBytes`, every
// part above a common cap is rendered again within it, the cap chosen so the parts above it give up just the excess
export function fitParts<T>(parts: readonly ((maxBytes: number) => T)[], assemble: (values: readonly T[]) => string, partBytes: number, documentBytes: number): string {
  let values = parts.map((part) => part(partBytes))
  let text = assemble(values)
  for (let round = 0; round < 8 && Buffer.byteLength(text) > documentBytes; round++) {
    const sizes = values.map(jsonBytes)
    const cap = capFor(sizes, Buffer.byteLength(text) - documentBytes)
    values = values.map((value, i) => ((sizes[i] as number) > cap ? (parts[i] as (maxBytes: number) => T)(cap) : value))
    text = assemble(values)
  }
  return text
}

// The largest cap such that cutting every size above it down to it saves at least `excess` bytes (0 when none does)
function capFor(sizes: readonly number[], excess: number): number {
  const saved = (cap: number) => sizes.reduce((sum, size) => sum + Math.max(0, size - cap), 0)
  let low = 0
  let high = Math.max(0, ...sizes)
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (saved(mid) >= excess) low = mid
    else high = mid - 1
  }
  return low
}
