import { clientEnded } from './client-outcome.js'
import { definePingProbe, ms, pauseAfterAnswers } from './client-ping-run.js'
import { fail, pass } from './probe.js'

// The client sends as many pings as the assignment's lossy server plans for (10 in the lab), then stops sending
export const clientPingCount = definePingProbe({
  name: 'client-ping-count',
  description: "Sends exactly the lossy server's number of datagrams (lossy-server: datagrams)",
  judge({ run, spec }) {
    const count = run.datagrams.length + run.droppedMessages
    if (count === spec.datagrams) return pass()
    if (count > spec.datagrams) return fail(`The client sent ${count} pings: ${spec.datagrams} expected`)
    // A client that sleeps after each answer runs out of time with its last ping unanswered too: the sleep is the cause
    const pause = run.timedOut ? pauseAfterAnswers(run) : undefined
    if (pause) {
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
