import { createServer, type Server, type Socket } from 'node:net'
import type { Assignment } from '../assignments/assignment.js'
import { framingOf } from '../assignments/framing.js'
import { tcpChannel } from '../dialogue/channel.js'
import { clientDialogueSteps, unrolledSteps } from '../dialogue/dialogue.js'
import { playDialogue, type HeardStep, type Played } from '../dialogue/play.js'
import { tcpConnectionOver } from '../net/tcp.js'
import type { RunningProgram } from '../process/start-program.js'
import { Transcript } from '../probes/transcript.js'
import type { Random } from '../random.js'
import type { TranscriptLine } from '../report.js'
import type { ClientSession } from './client-session.js'
import { clientEnd, clientOutput } from './client-end.js'
import { DEFAULT_TIMING, type Timing } from '../timing.js'
import { expectWaits } from '../dialogue/waits.js'
import type { TlsServerOptions } from '../tls/start-tls.js'

/** A run of the student client against the grader playing the server's side of `client-dialogue:` */
export interface ClientDialogueRun extends ClientSession {
  /** How the dialogue went on the client's first connection; undefined when the client never connected */
  readonly played: Played | undefined
  /** Each expect step as it went, in order (steps the dialogue never reached are absent) */
  readonly heard: readonly HeardStep[]
  /** What the grader's send steps sent, whole, as far as the dialogue went, each with its step's label */
  readonly sent: readonly SentStep[]
  readonly transcript: readonly TranscriptLine[]
  /** The dialogue played: undefined for `client-dialogue:`, else a name of `client-dialogues:` */
  readonly dialogue: string | undefined
}

/** A send step as it went out */
export interface SentStep {
  readonly label: string
  readonly text: string
}

export interface ClientDialogueOptions {
  readonly assignment: Assignment
  /** A name of `client-dialogues:`; `client-dialogue:` when absent */
  readonly dialogue?: string
  readonly port: number
  /** More ports the grader's server answers on (the assignment's other-ports, inside a sandbox) */
  readonly otherPorts?: readonly number[]
  readonly host: string
  /** The client's whole run, the dialogue included */
  readonly timeoutMs: number
  readonly replyTimeoutMs: number
  readonly scale: number
  /** Seeded, for the template fields of the grader's sends */
  readonly random: Random
  /** The certificates for a start-tls step (the grading's throw-away authority) */
  readonly tls?: TlsServerOptions
  readonly signal: AbortSignal
  // Start the client with the given host, port and stdin
  readonly start: (host: string, port: number, input: string) => RunningProgram
}

// Run the client once with the assignment's client-stdin typed (nothing when it has none), the grader's TCP server on the
// port (and the other ports) playing the steps with the client's first connection, then closing it (a server that hangs
// up, as an HTTP/1.0 server does). Later connections are counted only
export async function runClientDialogue(options: ClientDialogueOptions): Promise<ClientDialogueRun> {
  const framing = framingOf(options.assignment)
  const steps = unrolledSteps(clientDialogueSteps(options.assignment, options.dialogue))
  const transcript = new Transcript()
  const heard: HeardStep[] = []
  const delivered: SentStep[] = []
  const sockets = new Set<Socket>()
  let connections = 0
  let play: Promise<Played> | undefined
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    if (++connections > 1) return void socket.destroy()
    const channel = tcpChannel(tcpConnectionOver(socket), framing, 'client')
    play = playDialogue(channel, steps, {
      framing,
      random: options.random,
      signal: options.signal,
      replyTimeoutMs: options.replyTimeoutMs,
      scale: options.scale,
      sent: (text) => transcript.sent(text),
      received: (text) => transcript.received(text),
      note: (text) => transcript.note(text),
      heard: (record) => heard.push(record),
      delivered: (text, label) => delivered.push({ label, text }),
      ...(options.tls ? { tls: options.tls } : {}),
    }).finally(() => channel.close())
    // Awaited once the client has ended; until then a failure must not be an unhandled rejection (it would end the grader)
    play.catch(() => undefined)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => resolve())
  })
  // The same server, on more ports: whichever the client connects to first is its dialogue
  const others = await listenAlso(server, options.otherPorts ?? [], options.port)
  const typed = options.assignment['client-stdin']
  const program = options.start(options.host, options.port, typed ? `${typed.join('\n')}\n` : '')
  try {
    const { exit, timedOut } = await clientEnd(program, options.timeoutMs)
    // The client has ended: a step still waiting for it gets nothing more
    for (const socket of sockets) socket.destroy()
    const played = await play
    return {
      played,
      heard,
      sent: delivered,
      dialogue: options.dialogue,
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
    await Promise.all([server, ...others].map((listening) => new Promise<void>((resolve) => listening.close(() => resolve()))))
  }
}

// Listeners on more ports that hand their connections to `server`'s handler; a port already taken is a grader problem
async function listenAlso(server: Server, ports: readonly number[], main: number): Promise<Server[]> {
  const others: Server[] = []
  try {
    for (const port of ports.filter((p) => p !== main)) {
      const other = createServer({ allowHalfOpen: true }, (socket) => server.emit('connection', socket))
      others.push(other)
      await new Promise<void>((resolve, reject) => {
        other.once('error', reject)
        other.listen(port, '127.0.0.1', () => resolve())
      })
    }
    return others
  } catch (error) {
    for (const other of others) other.close()
    throw error
  }
}

// How long a client's run against a dialogue may take: a client run, and a reply's wait for each expect step
export function clientDialogueMs(assignment: Assignment, timing: Timing, dialogue?: string): number {
  const steps = unrolledSteps(clientDialogueSteps(assignment, dialogue))
  const holdsMs = steps.reduce((sum, step) => sum + (step.kind === 'send' ? step.holdMs : 0), 0)
  return timing.clientRunMs + expectWaits(steps) * timing.replyMs + Math.round((holdsMs * timing.replyMs) / DEFAULT_TIMING.replyMs)
}
