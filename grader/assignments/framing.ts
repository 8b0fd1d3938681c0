import type { Assignment } from './assignment.js'

/** The framings `framing:` names; a mapping `{ terminator: "..." }` gives a fixed terminator */
export const framingNames = ['datagram', 'connection', 'lines', 'until-close'] as const

/** `framing:` in assignment.yaml, as written */
export type FramingSpec = (typeof framingNames)[number] | { readonly terminator: string }

/** How one message and its reply are delimited on the wire, the same for every probe, the relay and the peer */
export interface Framing {
  readonly name: (typeof framingNames)[number] | 'terminator'
  /** The bytes that end every message and every reply on a stream (lines: "\n"); undefined: none */
  readonly terminator: Buffer | undefined
  /** One message per TCP connection: the reply ends when the server closes (connection, until-close) */
  readonly perConnection: boolean
  /** The sender shuts down its sending side after its message, which ends there (until-close) */
  readonly halfClose: boolean
  /** A reply may also end after a quiet period (connection: servers that answer and keep the connection open) */
  readonly quietEnds: boolean
}

// The assignment's framing: as written, else what its transport and session imply (the textbook's exercises)
export function framingOf(assignment: Pick<Assignment, 'transport' | 'session' | 'framing'>): Framing {
  const spec = assignment.framing ?? defaultFraming(assignment)
  if (typeof spec === 'object') return { name: 'terminator', terminator: Buffer.from(spec.terminator), perConnection: false, halfClose: false, quietEnds: false }
  switch (spec) {
    case 'datagram':
      return { name: spec, terminator: undefined, perConnection: false, halfClose: false, quietEnds: false }
    case 'connection':
      // Requests end with "\n" (servers that read a line need it; a trailing newline costs the others nothing)
      return { name: spec, terminator: Buffer.from('\n'), perConnection: true, halfClose: false, quietEnds: true }
    case 'lines':
      return { name: spec, terminator: Buffer.from('\n'), perConnection: false, halfClose: false, quietEnds: false }
    case 'until-close':
      return { name: spec, terminator: undefined, perConnection: true, halfClose: true, quietEnds: false }
  }
}

function defaultFraming(assignment: Pick<Assignment, 'transport' | 'session'>): FramingSpec {
  if (assignment.transport === 'udp') return 'datagram'
  return assignment.session === 'multiline' ? 'lines' : 'connection'
}

// The bytes of one message as the framing sends it (the terminator appended)
export function framedMessage(framing: Framing, message: Buffer): Buffer {
  return framing.terminator ? Buffer.concat([message, framing.terminator]) : message
}

// A reply without the terminator that ended it (a reply cut short by a close or a pause has none to take off)
export function unterminated(framing: Framing, reply: Buffer): Buffer {
  const end = framing.terminator
  // A newline stays: every comparison rule already allows it, and transcripts have always shown it
  if (!end || framing.name !== 'terminator') return reply
  return reply.length >= end.length && reply.subarray(reply.length - end.length).equals(end) ? reply.subarray(0, reply.length - end.length) : reply
}

// Why a framing does not fit the assignment's transport or session, or undefined
export function framingProblem(spec: FramingSpec, transport: 'udp' | 'tcp', session: 'single' | 'multiline'): string | undefined {
  if (typeof spec === 'object') {
    if (transport === 'udp') return 'a terminator frames TCP streams: a UDP message is one datagram (leave framing out)'
    if (spec.terminator.length === 0) return 'a terminator cannot be empty'
    return undefined
  }
  if (spec === 'datagram') return transport === 'udp' ? undefined : 'datagram is the framing of UDP: over TCP use connection, lines, until-close or a terminator'
  if (transport === 'udp') return `${spec} frames TCP streams: a UDP message is one datagram (leave framing out, or write datagram)`
  if (session === 'multiline' && (spec === 'connection' || spec === 'until-close')) {
    return `${spec} sends one message per connection, but a multiline session sends every line on one connection: use lines or a terminator`
  }
  return undefined
}
