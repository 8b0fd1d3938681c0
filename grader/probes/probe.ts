import type { Answers } from '../answers/answers.js'
import type { Assignment } from '../assignments/assignment.js'
import type { Inputs } from '../inputs/inputs.js'
import type { Target } from '../net/target.js'
import type { Random } from '../random.js'
import type { ClientSession } from '../sessions/client-session.js'
import type { ClientDialogueRun } from '../sessions/client-dialogue.js'
import type { PingRun } from '../sessions/client-pings.js'
import type { Framing } from '../assignments/framing.js'
import type { Transcript } from './transcript.js'
import type { ServedFile } from '../files/served-files.js'
import type { Origin } from '../origin/origin-server.js'

/** Deadlines a probe works within, already stretched by --timeout-scale */
export interface ProbeTiming {
  /** How long to wait for one reply from a student server */
  readonly replyTimeoutMs: number
  /** How long to wait for more bytes once a reply started, before taking it as complete */
  readonly replyIdleMs: number
  /** --timeout-scale, for deadlines an assignment writes down itself (a dialogue step's timeout-ms); 1 when not given */
  readonly scale?: number
}

/** What a server probe may know about the student server it talks to */
export interface ServerView {
  readonly target: Target
  // A description of how the server ended, when it is no longer running (crash, Python 2 ...);
  // `dying` when a connection just dropped and the server may be exiting right now
  endedHow(options?: { dying?: boolean }): Promise<string | undefined>
  /** How the first start went: undefined when it listened on the given port */
  readonly startProblem: string | undefined
  /** The folder the server runs in, in the grading's private copy (what it writes lands there) */
  readonly folder?: string
}

interface CommonContext<P> {
  readonly params: P
  readonly assignment: Assignment
  /** The assignment's oracle and comparison rule: the answer to an input, and whether a reply gives it */
  readonly answers: Answers
  /** What to send: draw seeded inputs from it with the check's random source */
  readonly inputs: Inputs
  /** Seeded per check: the same seed gives the same inputs */
  readonly random: Random
  readonly signal: AbortSignal
  readonly timing: ProbeTiming
  readonly transcript: Transcript
  /** The files the grader wrote beside the server (assignment.yaml's files:), with this grading's seeded contents */
  readonly files: readonly ServedFile[]
}

export interface ServerProbeContext<P> extends CommonContext<P> {
  readonly server: ServerView
  /** The grader's origin web server, for an assignment with origin: (the student's server is a proxy) */
  readonly origin?: Origin
}

export interface ClientProbeContext<P> extends CommonContext<P> {
  // Run the student client once with `lines` seeded sentences on stdin, against the grader's server (memoized)
  readonly runClient: (lines: number) => Promise<ClientSession>
  // Run the student client once against the grader playing the server's side of `client-dialogue:`, or of the named
  // one of `client-dialogues:` (memoized per dialogue)
  readonly runClientDialogue: (dialogue?: string) => Promise<ClientDialogueRun>
  // Run the student client once against the grader's lossy UDP server of `lossy-server:` (memoized)
  readonly runClientPings: () => Promise<PingRun>
}

/** What a probe found: the rubric turns it into points */
export type ProbeOutcome =
  | { readonly status: 'passed'; readonly message?: string }
  | { readonly status: 'failed'; readonly message: string; readonly hint?: string }

interface ProbeBase {
  readonly name: string
  readonly description: string
  /** JSON Schema (draft-07) of the check's `params` */
  readonly params: Record<string, unknown>
  /** Transports the probe can test */
  readonly transports: readonly ('udp' | 'tcp')[]
  /** Restricts the probe to assignments of these session kinds, when set */
  readonly sessions?: readonly Assignment['session'][]
  /** Restricts the probe to assignments of these framings (framing.ts), when set */
  readonly framings?: readonly Framing['name'][]
  /** Restricts the probe to assignments whose every answer is a number */
  readonly numericAnswers?: true
  /** Restricts the probe to assignments whose inputs are sentences (it builds messages out of them) */
  readonly sentenceInputs?: true
  /** Restricts the probe to assignments with a `dialogue:` (server) or a `client-dialogue:` (client) */
  readonly needsDialogue?: 'server' | 'client'
  /** Restricts the probe to assignments with files: for the server to serve */
  readonly needsFiles?: true
  /** Restricts the probe to assignments with a `lossy-server:` (it judges a run against that server) */
  readonly needsLossyServer?: true
  /** Restricts the probe to assignments with an origin: (the server is a proxy in front of it) */
  readonly needsOrigin?: true
  /** Fits an assignment with no answer (one whose checks are dialogues): it never asks what the answer is */
  readonly answerFree?: true
}

/** A probe of a student server: talks to it over sockets, never spawns, prints or scores */
export interface ServerProbe<P = Record<string, never>> extends ProbeBase {
  readonly side: 'server'
  /** How many replies (or connections) the probe may wait for, one after another: its deadline is made of them */
  waits(params: P, assignment: Assignment): number
  run(ctx: ServerProbeContext<P>): Promise<ProbeOutcome>
}

/** A probe of a student client: judges a run of it against the grader's own server */
export interface ClientProbe<P = Record<string, never>> extends ProbeBase {
  readonly side: 'client'
  run(ctx: ClientProbeContext<P>): Promise<ProbeOutcome>
}

export type Probe = ServerProbe<never> | ClientProbe<never>

export const pass = (message?: string): ProbeOutcome => ({ status: 'passed', message })
export const fail = (message: string, hint?: string): ProbeOutcome => ({ status: 'failed', message, hint })

// Identity helpers that keep each probe's params type tied to its schema
export function defineServerProbe<P>(probe: Omit<ServerProbe<P>, 'side'>): ServerProbe<P> {
  return { ...probe, side: 'server' }
}
export function defineClientProbe<P>(probe: Omit<ClientProbe<P>, 'side'>): ClientProbe<P> {
  return { ...probe, side: 'client' }
}
