import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Assignment } from '../assignments/assignment.js'
import { nameSide, pathTransport } from './file-names.js'
import { baseName, depthOf } from './list-files.js'
import { classifyPython, type ContentRole, type Side, type Transport } from './python-content.js'

/** A Python file chosen to play one side, and how it was chosen (for the report) */
export interface PythonChoice {
  readonly file: string
  readonly note: string
}

interface Candidate {
  readonly path: string
  readonly side: Side | 'both' | undefined
  readonly transport: Transport | undefined
  readonly content: () => ContentRole
}

/** One way of ordering candidates: lower ranks first; `why` says it in words when it decided */
interface Preference {
  readonly rank: (c: Candidate) => number
  readonly why: (winner: Candidate) => string
}

// Only the start of a file is read: socket programs are short, and a huge .py file is not one
const READ_BYTES = 256 * 1024

// Choose the Python file of each needed side: by name first (server/client in the name), then by what the
// code does when no name says it; among several, the one whose transport matches the assignment wins
export function choosePython(dir: string, files: readonly string[], assignment: Assignment, needed: { server: boolean; client: boolean }): { server?: PythonChoice; client?: PythonChoice } {
  const candidates = files.filter((f) => /\.py$/i.test(f)).map((path) => candidate(dir, path))
  return {
    // A proxy (an assignment with an origin) is a server that connects out too: its code looking like a client's is no doubt
    ...(needed.server ? { server: chooseSide('server', candidates, assignment.transport, assignment.origin !== undefined) } : {}),
    ...(needed.client ? { client: chooseSide('client', candidates, assignment.transport) } : {}),
  }
}

function chooseSide(side: Side, candidates: readonly Candidate[], transport: Transport, connectsToo = false): PythonChoice | undefined {
  const byName = candidates.filter((c) => c.side === side)
  if (byName.length) {
    const [winner, others] = best(byName, [namedTransport(transport), contentSide(side), contentTransport(transport), shallowest, shortest, alphabetical])
    const content = winner.content()
    const doubt = content.side && content.side !== side && !connectsToo ? ` (but its code ${content.reason}, as a ${content.side} does)` : ''
    return { file: winner.path, note: `${side}: ${winner.path}, chosen by name${doubt}${others}` }
  }
  const other = side === 'server' ? 'client' : 'server'
  const byContent = candidates.filter((c) => c.side !== other && c.content().side === side)
  if (!byContent.length) return undefined
  const [winner, others] = best(byContent, [contentTransport(transport), namedTransport(transport), shallowest, shortest, alphabetical])
  return { file: winner.path, note: `${side}: ${winner.path}, chosen by content (${winner.content().reason})${others}` }
}

// The first candidate by the preferences in order, and " over x.py (why)" naming the runners-up when there were any
function best(candidates: readonly Candidate[], preferences: readonly Preference[]): [Candidate, string] {
  const compare = (a: Candidate, b: Candidate) => preferences.reduce((order, p) => order || p.rank(a) - p.rank(b), 0)
  const [winner, ...rest] = [...candidates].sort(compare) as [Candidate, ...Candidate[]]
  if (!rest.length) return [winner, '']
  const decisive = preferences.find((p) => p.rank(winner) !== p.rank(rest[0] as Candidate)) ?? (alphabetical as Preference)
  const names = rest.slice(0, 3).map((c) => c.path).join(', ') + (rest.length > 3 ? ', …' : '')
  return [winner, ` over ${names} (${decisive.why(winner)})`]
}

const matchRank = (value: string | undefined, wanted: string) => (value === wanted ? 0 : value === undefined ? 1 : 2)

const namedTransport = (transport: Transport): Preference => ({
  rank: (c) => matchRank(c.transport, transport),
  why: (w) => (w.transport ? `its path says ${transport.toUpperCase()}, as the assignment` : `the others' paths name another transport`),
})

const contentSide = (side: Side): Preference => ({
  rank: (c) => matchRank(c.content().side, side),
  why: (w) => `its code ${w.content().reason}`,
})

const contentTransport = (transport: Transport): Preference => ({
  rank: (c) => matchRank(c.content().transport, transport),
  why: (w) => (w.content().transport ? `it uses ${transport.toUpperCase()}, as the assignment` : 'the others use another transport'),
})

const shallowest: Preference = { rank: (c) => depthOf(c.path), why: () => 'the shallowest' }
const shortest: Preference = { rank: (c) => c.path.length, why: () => 'the shortest path' }
// The list is already in alphabetical order and the sort is stable
const alphabetical: Preference = { rank: () => 0, why: () => 'the first in alphabetical order' }

function candidate(dir: string, path: string): Candidate {
  let content: ContentRole | undefined
  return {
    path,
    side: nameSide(baseName(path)),
    transport: pathTransport(path),
    content: () => (content ??= classifyPython(readStart(join(dir, path)))),
  }
}

function readStart(path: string): string {
  try {
    return readFileSync(path).subarray(0, READ_BYTES).toString('utf8')
  } catch {
    return ''
  }
}
