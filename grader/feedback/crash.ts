import { describeExit, summarizeTraceback, withoutShimLines } from '../process/describe-exit.js'
import type { ProgramExit } from '../process/start-program.js'
import { hintForError } from './python-errors.js'
import { shadowingHint } from './shadowed-modules.js'

/** A student program that died (or never started): the one cause behind every check it spoiled */
export interface Crash {
  readonly side: 'server' | 'client'
  /** `crashed`: it ended by itself with an error; `did not start`: it never listened (server only) */
  readonly kind: 'crashed' | 'did not start'
  /** Two checks whose crashes have the same key saw the same cause */
  readonly key: string
  /** What happened, in words, following "the server" or "the client" ("exited with code 1: TypeError: ...") */
  readonly detail: string
  /** The hint for that error, when it is a known one */
  readonly hint?: string
}

// For an error with no hint of its own: how to read a Python traceback, in whole sentences (it shows on every platform)
const GENERIC_HINT =
  'Run the program yourself, the way the assignment says, and read the error it prints. The last line of the error names the problem. The lines just above it give the file and the line number where it happened.'

// The crash of a program that ended by itself with an error; undefined when it ended cleanly, the grader stopped it, or
// it is a client that stopped on purpose
export function crashOf(side: Crash['side'], exit: ProgramExit | undefined, stderr: string): Crash | undefined {
  if (!exit || exit.killedByGrader || (exit.exitCode === 0 && !exit.signal)) return undefined
  if (side === 'client' && stoppedOnPurpose(exit, stderr)) return undefined
  const detail = describeExit(exit, stderr)
  // The error line and where it was raised name the cause; the exit code alone when there is no traceback
  const key = `${side}: ${summarizeTraceback(withoutShimLines(stderr)) ?? detail}`
  return { side, kind: 'crashed', key, detail, hint: hintFor(stderr, GENERIC_HINT) ?? GENERIC_HINT }
}

// A client that ended by itself with a non-zero code and printed no error (sys.exit(1) after a reply it did not want, as
// the handout's client does): it stopped on purpose, so the check's own failure and hint say why, not a crash's
function stoppedOnPurpose(exit: ProgramExit | undefined, stderr: string): boolean {
  if (!exit || exit.killedByGrader || exit.signal || exit.exitCode === 0) return false
  const errors = withoutShimLines(stderr)
  return summarizeTraceback(errors) === undefined && !/^Exception in thread |^\s+at [\w$.]+\(/m.test(errors)
}

// A server that never listened: every server check after the first is spoiled by the same start. The hint is for the
// error it died of; a server that is still running but never listened keeps the check's own feedback
export function startFailure(problem: string, ended: { exited: boolean; stderr: string }): Crash {
  const hint = hintFor(ended.stderr, ended.exited ? GENERIC_HINT : undefined)
  return { side: 'server', kind: 'did not start', key: `server start: ${problem}`, detail: problem, ...(hint ? { hint } : {}) }
}

// The hint for the error, or for a file in the program's folder that took a standard module's place: that hint replaces
// the error's when it explains the crash (the NameError is then no misspelling), and follows it otherwise
function hintFor(stderr: string, fallback: string | undefined): string | undefined {
  const error = hintForError(stderr) ?? fallback
  const shadowing = shadowingHint(stderr)
  if (!shadowing) return error
  return shadowing.cause || !error ? shadowing.text : `${error.replace(/\.$/, '')}. ${shadowing.text}`
}

// The one line a later check spoiled by the same cause says instead of its own failure
export function spoiledBy(crash: Crash, firstCheck: string): string {
  return crash.kind === 'crashed' ? `Not run: the ${crash.side} crashed in "${firstCheck}" (see there)` : `Not run: the ${crash.side} is not listening (see "${firstCheck}")`
}

// The headline of a report: the cause, named once
export function causeText(crash: Crash): string {
  return crash.kind === 'crashed' ? `The ${crash.side} ${crash.detail}` : crash.detail
}
