import { clientEnd, clientOutput } from './client-end.js'
import { framingOf } from '../assignments/framing.js'
import type { Assignment } from '../assignments/assignment.js'
import { startPeer, type PeerMessage } from '../net/peer.js'
import type { ProgramExit, RunningProgram } from '../process/start-program.js'
import type { Random } from '../random.js'
import type { Answers } from '../answers/answers.js'

const EXTRA_MESSAGES_KEPT = 5

/** One run of a student client against the grader's server, and everything observed */
export interface ClientSession {
  /** The sentences typed on the client's stdin, one per line */
  readonly lines: readonly string[]
  /** What the grader's server received, in order */
  readonly messages: readonly PeerMessage[]
  /** Messages beyond what was kept (a client stuck in a loop), counted only */
  readonly droppedMessages: number
  readonly tcpConnections: number
  readonly stdout: string
  readonly stderr: string
  /** Bytes of stdout beyond the cap, not kept */
  readonly stdoutDroppedBytes: number
  /** How much of stdout is kept: printing more ends the run at once */
  readonly stdoutCapBytes: number
  /** The client printed more than `stdoutCapBytes`, and the grader stopped it there */
  readonly stdoutOverflowed: boolean
  readonly exit: ProgramExit
  /** The grader killed the client because it was still running at its deadline */
  readonly timedOut: boolean
  readonly timeoutMs: number
  /** What the client was told on its command line */
  readonly host: string
  readonly port: number
}

export interface ClientSessionOptions {
  readonly assignment: Assignment
  /** What the grader's server replies from */
  readonly answers: Answers
  readonly lines: readonly string[]
  readonly port: number
  readonly host: string
  readonly timeoutMs: number
  readonly peerIdleMs: number
  /** Seeded, for the grader's replies */
  readonly random: Random
  // Start the client with the given host, port and stdin
  readonly start: (host: string, port: number, input: string) => RunningProgram
}

// Run the client once: the grader's server answers with text the client cannot compute by itself
export async function runClientSession(options: ClientSessionOptions): Promise<ClientSession> {
  const { assignment, answers, lines, port, host } = options
  // A reply the grader could not work out (its reference server failed) fails the run as the grader's fault, once it
  // is over: a check must not judge a client against replies that were never sent
  let replyFailure: unknown
  const peer = await startPeer({
    port,
    framing: framingOf(assignment),
    idleMs: options.peerIdleMs,
    replyFor: async (_index, text) => {
      try {
        return await answers.clientReply(text, options.random)
      } catch (error) {
        replyFailure ??= error
        throw error
      }
    },
    // Enough to judge every line and a few extra; a client looping after end of input sends thousands
    maxMessages: lines.length + EXTRA_MESSAGES_KEPT,
  })
  const program = options.start(host, port, lines.map((line) => `${line}\n`).join(''))
  try {
    const { exit, timedOut } = await clientEnd(program, options.timeoutMs)
    // A client that sent and exited at once: its last bytes may still be on their way to the grader's server
    await peer.settle(options.peerIdleMs * 10)
    if (replyFailure !== undefined) throw replyFailure
    return {
      lines,
      messages: [...peer.messages],
      droppedMessages: peer.droppedMessages,
      tcpConnections: peer.tcpConnections,
      ...clientOutput(program),
      exit,
      timedOut,
      timeoutMs: options.timeoutMs,
      host,
      port,
    }
  } finally {
    await program.kill()
    await peer.close()
  }
}
