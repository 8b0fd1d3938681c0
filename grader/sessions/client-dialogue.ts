import { createServer, type Socket } from 'node:net'
import type { Assignment } from '../assignments/assignment.js'
import { framingOf } from '../assignments/framing.js'
import { tcpChannel } from '../dialogue/channel.js'
import { unrolledSteps } from '../dialogue/dialogue.js'
import { playDialogue, type Played } from '../dialogue/play.js'
import { tcpConnectionOver } from '../net/tcp.js'
import type { RunningProgram } from '../process/start-program.js'
import { Transcript } from '../probes/transcript.js'
import type { Random } from '../random.js'
import type { TranscriptLine } from '../report.js'
import type { ClientSession } from './client-session.js'
import { clientEnd, clientOutput } from './client-end.js'
import type { Timing } from '../timing.js'
import { expectWaits } from '../dialogue/waits.js'

/** A run of the student client against the grader playing the server's side of `client-dialogue:` */
export interface ClientDialogueRun extends ClientSession {
  /** How the dialogue went on the client's first connection; undefined when the client never connected */
  readonly played: Played | undefined
  readonly transcript: readonly TranscriptLine[]
}

export interface ClientDialogueOptions {
  readonly assignment: Assignment
  readonly port: number
  readonly host: string
  /** The client's whole run, the dialogue included */
  readonly timeoutMs: number
  readonly replyTimeoutMs: number
  readonly scale: number
  /** Seeded, for the template fields of the grader's sends */
  readonly random: Random
  readonly signal: AbortSignal
  // Start the client with the given host, port and stdin
  readonly start: (host: string, port: number, input: string) => RunningProgram
}

// Run the client once with nothing typed, the grader's TCP server on the port playing the steps with the client's first
// connection, then closing it (a server that hangs up, as an HTTP/1.0 server does). Later connections are counted only
export async function runClientDialogue(options: ClientDialogueOptions): Promise<ClientDialogueRun> {
  const framing = framingOf(options.assignment)
  const steps = unrolledSteps(options.assignment['client-dialogue'] ?? [])
  const transcript = new Transcript()
  const sockets = new Set<Socket>()
  let connections = 0
  let play: Promise<Played> | undefined
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    if (++connections > 1) return void socket.destroy()
    const channel = tcpChannel(tcpConnectionOver(socket), framing)
    play = playDialogue(channel, steps, {
      framing,
      random: options.random,
      signal: options.signal,
      replyTimeoutMs: options.replyTimeoutMs,
      scale: options.scale,
      sent: (text) => transcript.sent(text),
      received: (text) => transcript.received(text),
      note: (text) => transcript.note(text),
    }).finally(() => channel.close())
    // Awaited once the client has ended; until then a failure must not be an unhandled rejection (it would end the grader)
    play.catch(() => undefined)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => resolve())
  })
  const program = options.start(options.host, options.port, '')
  try {
    const { exit, timedOut } = await clientEnd(program, options.timeoutMs)
    // The client has ended: a step still waiting for it gets nothing more
    for (const socket of sockets) socket.destroy()
    const played = await play
    return {
      played,
      transcript: transcript.lines,
      lines: [],
      messages: [],
      droppedMessages: 0,
      tcpConnections: connections,
      ...clientOutput(program),
      exit,
      timedOut,
      timeoutMs: options.timeoutMs,
      host: options.host,
      port: options.port,
    }
  } finally {
    await program.kill()
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

// How long a client's run against a dialogue may take: a client run, and a reply's wait for each expect step
export function clientDialogueMs(assignment: Assignment, timing: Timing): number {
  return timing.clientRunMs + expectWaits(unrolledSteps(assignment['client-dialogue'] ?? [])) * timing.replyMs
}
