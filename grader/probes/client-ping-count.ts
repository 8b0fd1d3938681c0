import { clientEnded } from './client-outcome.js'
import { definePingProbe, ms, pauseAfterAnswers } from './client-ping-run.js'
import { fail, pass } from './probe.js'

// Longer than the 1 s timeout with room for a loaded machine: a client still waiting after a sleep and this is stuck
const HANG_MS = 2000

// The client sends as many pings as the assignment's lossy server plans for (10 in the lab), then stops sending
export const clientPingCount = definePingProbe({
  name: 'client-ping-count',
  description: "Sends exactly the lossy server's number of datagrams (lossy-server: datagrams)",
  judge({ run, spec }) {
    const count = run.datagrams.length + run.droppedMessages
    if (count === spec.datagrams) return pass()
    if (count > spec.datagrams) return fail(`The client sent ${count} pings: ${spec.datagrams} expected`)
    // A client that sleeps after each answer runs out of time too: the sleep is the cause, unless it had been waiting on
    // its last ping far longer than a timeout and a sleep take (no timeout as well: that hang is named below)
    const pause = run.timedOut ? pauseAfterAnswers(run) : undefined
    const last = run.datagrams[count - 1]
    const hung = last !== undefined && last.reply === undefined && run.endedAtMs - last.atMs > (pause?.pauseMs ?? 0) + HANG_MS
    if (pause && !hung) {
      return fail(
        `The client sent ${count} of ${spec.datagrams} pings before the grader stopped it at ${ms(run.endedAtMs)}: after an answer it usually waited ${ms(pause.pauseMs)} before its next ping (${pause.example})`,
        'Send the next ping as soon as the answer arrives (or the 1 s timeout passes): take out the time.sleep() between pings',
      )
    }
    if (run.timedOut && run.datagrams[count - 1]?.reply === undefined) {
      return fail(`The client sent ${count} of ${spec.datagrams} pings and was still waiting when the grader stopped it at ${ms(run.endedAtMs)}: ping ${count} was never answered, and the client never gave up on it`, 'Without a timeout, recvfrom() waits forever for an answer that was lost: call settimeout(1) on the socket and catch socket.timeout')
    }
    return fail(`The client sent ${count} of ${spec.datagrams} pings; it ${clientEnded(run)}`)
  },
})
