import type { Answers } from '../answers/answers.js'
import type { Assignment } from '../assignments/assignment.js'
import { InternalError } from '../errors.js'
import { lossyPlan, type LossyPlan } from '../lossy-server/plan.js'
import { startLossyServer, type ArrivedDatagram } from '../lossy-server/lossy-server.js'
import type { RunningProgram } from '../process/start-program.js'
import type { Random } from '../random.js'
import { DEFAULT_TIMING, type Timing } from '../timing.js'
import { clientEnd, clientOutput } from './client-end.js'
import type { ClientSession } from './client-session.js'

// Beyond the plan, enough to show a client stuck in a loop
const EXTRA_DATAGRAMS_KEPT = 10
// The wait a client may spend on each unanswered datagram before the run is cut, at --timeout-scale 1
const WAIT_PER_DROP_MS = 2000

/** A run of the student client against the grader's lossy UDP server (`lossy-server:`); times in ms from its start */
export interface PingRun extends ClientSession {
  readonly plan: LossyPlan
  /** What reached the grader's server, in order, with `atMs` and `repliedAtMs` counted from the client's start */
  readonly datagrams: readonly ArrivedDatagram[]
  /** When the client ended (exited, or was stopped), from its start */
  readonly endedAtMs: number
}

export interface ClientPingsOptions {
  readonly assignment: Assignment
  readonly answers: Answers
  readonly port: number
  readonly host: string
  readonly timing: Timing
  /** Seeded: which datagrams go unanswered and each answer's delay */
  readonly random: Random
  // Start the client with the given host, port and stdin
  readonly start: (host: string, port: number, input: string) => RunningProgram
}

// Run the client once against the grader's lossy server. Its stdin holds the host and the port, one a line, for a
// client that asks for them with input() rather than reading its command line
export async function runClientPings(options: ClientPingsOptions): Promise<PingRun> {
  const spec = options.assignment['lossy-server']
  if (!spec) throw new InternalError(`"${options.assignment.id}" has no lossy-server: in its assignment.yaml`)
  const plan = lossyPlan(spec, options.random)
  const server = await startLossyServer({
    port: options.port,
    plan,
    reply: async (text) => (await options.answers.expected([text]))[0] as string,
    maxKept: spec.datagrams + EXTRA_DATAGRAMS_KEPT,
  })
  const timeoutMs = clientPingsMs(options.assignment, options.timing)
  const startedAt = server.now()
  const program = options.start(options.host, options.port, `${options.host}\n${options.port}\n`)
  try {
    const { exit, timedOut } = await clientEnd(program, timeoutMs)
    const endedAtMs = server.now() - startedAt
    if (server.failure() !== undefined) throw server.failure()
    const fromStart = (d: ArrivedDatagram): ArrivedDatagram => ({ ...d, atMs: d.atMs - startedAt, ...(d.repliedAtMs === undefined ? {} : { repliedAtMs: d.repliedAtMs - startedAt }) })
    return {
      plan,
      datagrams: server.datagrams.map(fromStart),
      endedAtMs,
      lines: [],
      messages: [],
      droppedMessages: server.uncounted(),
      tcpConnections: 0,
      ...clientOutput(program),
      exit,
      timedOut,
      timeoutMs,
      host: options.host,
      port: options.port,
    }
  } finally {
    await program.kill()
    await server.close()
  }
}

// How long a run against the lossy server may take: a client run, every answer at its longest delay, and a generous
// wait on each datagram that may go unanswered
export function clientPingsMs(assignment: Assignment, timing: Timing): number {
  const spec = assignment['lossy-server']
  if (!spec) return timing.clientRunMs
  const scale = timing.replyMs / DEFAULT_TIMING.replyMs
  return timing.clientRunMs + Math.round((spec.datagrams * spec['delay-ms'].max + spec.drops.max * WAIT_PER_DROP_MS) * scale)
}
