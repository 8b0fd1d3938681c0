import { answersFor } from '../answers/answers.js'
import { noAnswer } from '../answers/oracle.js'
import type { Assignment } from '../assignments/assignment.js'
import { lossyPlan } from '../lossy-server/plan.js'
import { startLossyServer } from '../lossy-server/lossy-server.js'
import type { LossyServerSpec } from '../lossy-server/spec.js'
import { seededRandom } from '../random.js'
import { exchangeLine } from './exchange-line.js'
import { startYourClient } from './start-your-client.js'

// A client run ends when it has been quiet this long: the next datagram starts a run on a new plan
const NEW_RUN_QUIET_MS = 3000

export interface LossyPeerServerOptions {
  readonly assignment: Assignment
  readonly port: number
  readonly write: (line: string) => void
  /** Which datagrams go unanswered, run after run; a new seed each time the command starts when not given */
  readonly seed?: number
  readonly signal?: AbortSignal
}

// The grader's lossy server for a student building a client: each run of the client (datagrams with no pause of 3 s)
// gets a plan of its own, as a grading's would, and every datagram, answer and loss is printed as it happens
export async function runLossyPeerServer(options: LossyPeerServerOptions): Promise<void> {
  const { assignment, write } = options
  const spec = assignment['lossy-server'] as LossyServerSpec
  const answers = answersFor(assignment)
  const seed = options.seed ?? Math.floor(Math.random() * 1_000_000)
  let runs = 0
  const plan = () => lossyPlan(spec, seededRandom(seed, `peer-run-${++runs}`))
  const server = await startLossyServer({
    port: options.port,
    plan: plan(),
    newRun: { quietMs: NEW_RUN_QUIET_MS, plan },
    reply: async (text) => ((await answers.expected([text]).catch(noAnswer)) ?? [])[0] ?? text,
    maxKept: 0,
    arrived: (index, text, delayMs) => {
      if (index === 0) write(`— a new run (run ${runs}): ${describePlan(spec)}`)
      const what = delayMs === undefined ? 'dropped: no answer will come, so your client should say it timed out' : `answered in ${delayMs} ms`
      write(exchangeLine(new Date(), 'received', text, `datagram ${index + 1}, ${what}`))
    },
    answered: (index, reply, delayMs) => write(exchangeLine(new Date(), 'sent', reply, `answer to datagram ${index + 1}, after ${Math.round(delayMs)} ms`)),
  })
  write(`Playing the lossy ${assignment.id} server on udp port ${options.port} of 127.0.0.1 (seed ${seed}); press Ctrl-C to stop`)
  write(startYourClient(assignment, options.port))
  await new Promise<void>((resolve) => {
    if (options.signal?.aborted) return resolve()
    options.signal?.addEventListener('abort', () => resolve(), { once: true })
  })
  await server.close()
}

function describePlan(spec: LossyServerSpec): string {
  return `of its first ${spec.datagrams} datagrams ${spec.drops.min}-${spec.drops.max} go unanswered, the others are answered after ${spec['delay-ms'].min}-${spec['delay-ms'].max} ms`
}
