import type { Answers } from '../answers/answers.js'
import type { Assignment } from '../assignments/assignment.js'
import type { Inputs } from '../inputs/inputs.js'
import type { RunningProgram } from '../process/start-program.js'
import { seededRandom } from '../random.js'
import type { Timing } from '../timing.js'
import { runClientSession, type ClientSession } from './client-session.js'

export interface ClientRunsOptions {
  readonly assignment: Assignment
  /** The grading's answers (what the grader's server replies from) and inputs (what the client is typed) */
  readonly answers: Answers
  readonly inputs: Inputs
  readonly seed: number
  readonly timing: Timing
  // The port of the grader's server for one run, and the host name the client is given
  readonly port: () => Promise<number>
  readonly host: string
  // Start the student client with the host, port and stdin given
  readonly start: (host: string, port: number, input: string) => RunningProgram
  // Before the one retry after the grader's server lost its port: inside a sandbox, clear what holds it (the
  // namespace is the submission's), since the retry asks for the same port
  readonly beforeRetry?: () => Promise<void>
}

// Runs of the student client, one per number of typed lines: every client check that asks for the same
// number of lines judges the same run (seeded, so the lines are the same ones each time)
export function clientRuns(options: ClientRunsOptions): (lines: number) => Promise<ClientSession> {
  const runs = new Map<number, Promise<ClientSession>>()
  return (count) => {
    let run = runs.get(count)
    if (!run) {
      run = retryIfPortTaken(() => runOnce(options, count), options.beforeRetry)
      runs.set(count, run)
    }
    return run
  }
}

async function runOnce(options: ClientRunsOptions, count: number): Promise<ClientSession> {
  return runClientSession({
    assignment: options.assignment,
    answers: options.answers,
    // Client inputs avoid punctuation and non-ASCII: a client printing the bytes repr (b'...') still shows them as typed
    lines: options.inputs.draw(seededRandom(options.seed, `client-${count}`), count, ['basic', 'mixed-case', 'digits']),
    port: await options.port(),
    host: options.host,
    timeoutMs: options.timing.clientRunMs,
    peerIdleMs: options.timing.peerIdleMs,
    random: seededRandom(options.seed, `peer-${count}`),
    start: options.start,
  })
}

// Run once more (after `beforeRetry`) when the grader's own server lost a race for its port
export function retryIfPortTaken<T>(run: () => Promise<T>, beforeRetry?: () => Promise<void>): Promise<T> {
  return run().catch(async (error: unknown) => {
    if (!isPortTaken(error)) throw error
    await beforeRetry?.()
    return run()
  })
}

// The grader's own server lost a race for its port: worth one retry on another
function isPortTaken(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE'
}
