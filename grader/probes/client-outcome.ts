import type { Assignment } from '../assignments/assignment.js'
import { describeExit } from '../process/describe-exit.js'
import type { ClientSession } from '../sessions/client-session.js'

// How a client run ended, to follow "it" or "the client": stopped for printing too much, at its deadline, or by itself
export function clientEnded(session: ClientSession): string {
  if (session.stdoutOverflowed) return `printed more than ${session.stdoutCapBytes} bytes, so the grader stopped it`
  return session.timedOut ? `was still running after ${session.timeoutMs} ms` : describeExit(session.exit, session.stderr, { limitMs: session.timeoutMs })
}

// Why a client never contacted the grader's server, in the words most likely to help
export function neverContacted(session: ClientSession, assignment: Assignment): string {
  const ended = clientEnded(session)
  if (session.tcpConnections > 0) return `The client connected to the grader's server at ${session.host} port ${session.port} but sent nothing; it ${ended}`
  // The port shim (host mode) says where a client went instead
  const elsewhere = /^sockgrade: connect to port (\d+)/m.exec(session.stderr)?.[1]
  if (elsewhere) return `The client sent to port ${elsewhere}, not to port ${session.port} given on its command line (the assignment's port is ${assignment.port}); it ${ended}`
  return `The client never contacted the grader's server at ${session.host} port ${session.port} (${assignment.transport.toUpperCase()}); it ${ended}`
}

// The typed line, with the framing a client may add (a trailing newline) taken off
export function unframed(text: string): string {
  return text.replace(/\r?\n$/, '')
}
