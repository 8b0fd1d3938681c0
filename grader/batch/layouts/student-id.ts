// An id that is safe as a file name everywhere: [A-Za-z0-9._-] kept, anything else "_", no leading dot
export function sanitizeId(raw: string): string {
  const safe = raw.normalize('NFC').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_')
  return safe || 'student'
}

// Sanitized ids made unique in the order given (callers sort first, so it is deterministic): the first keeps its id,
// later ones get "-2", "-3"... Compared ignoring case, since a shard may be staged on a case-insensitive disk
export function uniqueIds(raws: readonly string[]): string[] {
  const taken = new Set<string>()
  return raws.map((raw) => {
    const base = sanitizeId(raw)
    let id = base
    for (let n = 2; taken.has(id.toLowerCase()); n += 1) id = `${base}-${n}`
    taken.add(id.toLowerCase())
    return id
  })
}
