import { describeExit } from '../process/describe-exit.js'
import { clientEnded, neverContacted } from './client-outcome.js'
import { observePings } from './client-ping-run.js'
import { defineClientProbe, fail, pass } from './probe.js'

// The client ends by itself with status 0 after its pings (a client that never pinged earns nothing for exiting)
export const clientPingExit = defineClientProbe<Record<string, never>>({
  name: 'client-ping-exit',
  description: 'Exits by itself with status 0 after its pings',
  params: { type: 'object', additionalProperties: false, properties: {} },
  transports: ['udp'],
  needsLossyServer: true,
  answerFree: true,
  async run(ctx) {
    const { run } = await observePings(ctx)
    if (run.datagrams.length === 0) return fail(neverContacted(run, ctx.assignment))
    if (run.timedOut || run.stdoutOverflowed) return fail(`The client ${clientEnded(run)}`)
    if (run.exit.exitCode === 0) return pass()
    return fail(`The client ${describeExit(run.exit, run.stderr, { limitMs: run.timeoutMs })}`)
  },
})
