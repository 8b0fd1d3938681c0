import { describeExit } from '../process/describe-exit.js'
import { clientEnded } from './client-outcome.js'
import { definePingProbe } from './client-ping-run.js'
import { fail, pass } from './probe.js'

// The client ends by itself with status 0 after its pings (a client that never pinged earns nothing for exiting)
export const clientPingExit = definePingProbe({
  name: 'client-ping-exit',
  description: 'Exits by itself with status 0 after its pings',
  judge({ run }) {
    if (run.timedOut || run.stdoutOverflowed) return fail(`The client ${clientEnded(run)}`)
    if (run.exit.exitCode === 0) return pass()
    return fail(`The client ${describeExit(run.exit, run.stderr, { limitMs: run.timeoutMs })}`)
  },
})
