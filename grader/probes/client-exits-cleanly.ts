import { describeExit } from '../process/describe-exit.js'
import { clientEnded, neverContacted } from './client-outcome.js'
import { clientParamsSchema, observeClient, type ClientParams } from './client-params.js'
import { defineClientProbe, fail, pass } from './probe.js'

// The client ends by itself, with status 0, once its input is used up (after doing some work: a client that
// sends nothing earns no credit for exiting)
export const clientExitsCleanly = defineClientProbe<ClientParams>({
  name: 'client-exits-cleanly',
  description: 'Exits by itself with status 0 when its input ends',
  params: clientParamsSchema,
  transports: ['udp', 'tcp'],
  async run(ctx) {
    const session = await observeClient(ctx)
    if (session.stdoutOverflowed && session.exit.killedByGrader) {
      return fail(`The client ${clientEnded(session)} before it exited`, 'Stop when input ends: input() raises EOFError, sys.stdin.readline() returns ""')
    }
    if (session.timedOut) {
      return fail(`The client was still running ${session.timeoutMs} ms after its input ended`, 'Stop when input ends: input() raises EOFError, sys.stdin.readline() returns ""')
    }
    if (session.messages.length === 0) return fail(neverContacted(session, ctx.assignment))
    if (session.exit.exitCode === 0) return pass()
    const hint = /EOFError/.test(session.stderr) ? 'input() raises EOFError at the end of input: catch it (try/except EOFError) and break out of the loop' : undefined
    return fail(`The client ${describeExit(session.exit, session.stderr, { limitMs: session.timeoutMs })}`, hint)
  },
})
