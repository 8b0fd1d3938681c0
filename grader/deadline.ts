import { clientDialogueMs } from './sessions/client-dialogue.js'
import { clientPingsMs } from './sessions/client-pings.js'
import type { Assignment } from './assignments/assignment.js'
import { probeNamed } from './probes/index.js'
import type { RubricCheck } from './rubric/rubric.js'
import type { GradeJob } from './grade.js'
import { declaresBuild } from './submission/declares-build.js'
import { scaledTiming, type Timing } from './timing.js'

/** Bounds derived from the rubric and the timing; every one is already stretched by --timeout-scale */
export interface GradingDeadline {
  /** From the start of the grading until its report must be out */
  readonly totalMs: number
  /** The bound of each check's probe, by check id */
  readonly checkMs: ReadonlyMap<string, number>
}

// A server that crashed is restarted for the next check, so each check's verdict stands on its own; one more start is
// allowed for the one retry after a lost port. The deadline counts every one of them
export function maxServerStarts(serverChecks: number): number {
  return serverChecks === 0 ? 0 : serverChecks + 1
}

// Computed once from the rubric and timing: the sum of what every step may take, one after another (on a shared host
// server and client checks run at the same time, so this is an upper bound there), plus the stops in between
export function gradingDeadline(options: { assignment: Assignment; checks: readonly RubricCheck[]; timing: Timing; build: boolean }): GradingDeadline {
  const { assignment, checks, timing } = options
  const checkMs = new Map(checks.map((check) => [check.id, checkBudgetMs(check, assignment, timing)]))
  const serverChecks = checks.filter((c) => probeNamed(c.probe)?.side === 'server').length
  const starts = maxServerStarts(serverChecks)
  // Each start: the start deadline, the stop of what ran before (kill grace, pipes drained) and the port cleared. A
  // start the machine kept from the CPU may take longer (wait-for-listen.ts): that comes out of the slack of the
  // rest, as every step rarely takes its whole bound, so platforms' time limits do not grow for it
  const startsMs = starts * (timing.serverStartMs + timing.stopMs)
  // Every lossy-server check judges one memoized run of the client, and every client-dialogue check the one run of its
  // dialogue: each run counts once in the total (each check keeps its stop and margin, slack for a loaded machine)
  const lossyChecks = checks.filter((c) => probeNamed(c.probe)?.needsLossyServer).length
  const dialogueChecks = new Map<string, number>()
  for (const check of checks.filter((c) => probeNamed(c.probe)?.needsDialogue === 'client')) {
    const dialogue = dialogueOf(check) ?? ''
    dialogueChecks.set(dialogue, (dialogueChecks.get(dialogue) ?? 0) + 1)
  }
  const sharedDialogueMs = [...dialogueChecks].reduce((sum, [dialogue, count]) => sum + (count - 1) * clientDialogueMs(assignment, timing, dialogue || undefined), 0)
  const sharedMs = Math.max(0, lossyChecks - 1) * clientPingsMs(assignment, timing) + sharedDialogueMs
  const checksMs = [...checkMs.values()].reduce((a, b) => a + b, 0) - sharedMs
  const totalMs = timing.setUpMs + (options.build ? timing.buildMs : 0) + startsMs + checksMs + timing.stopMs
  return { totalMs, checkMs }
}

// One check's bound: a server probe's waits for replies, each of them a connection and a reply (TCP) or a reply
// (UDP) plus the pauses that end an unclosed reply; a client probe's run of the client, from start to its last bytes
export function checkBudgetMs(check: RubricCheck, assignment: Assignment, timing: Timing): number {
  const probe = probeNamed(check.probe)
  if (!probe) return timing.checkMarginMs
  if (probe.side === 'client') {
    // A client-dialogue probe's `dialogue` param names the client dialogue its run plays
    const runMs = probe.needsDialogue === 'client' ? clientDialogueMs(assignment, timing, dialogueOf(check)) : probe.needsLossyServer ? clientPingsMs(assignment, timing) : timing.clientRunMs
    return runMs + timing.peerIdleMs * 10 + timing.stopMs + timing.checkMarginMs
  }
  const exchangeMs = (assignment.transport === 'tcp' ? 2 * timing.replyMs : timing.replyMs) + 5 * timing.replyIdleMs
  // A server that crashed is waited for once, so that how it ended is known
  return probe.waits(check.params as never, assignment) * exchangeMs + timing.exitSeenMs + timing.checkMarginMs
}

// The grading's deadline from its rubric and timing; a build step counts when the submission declares one
export function gradingDeadlineMs(job: Pick<GradeJob, 'assignment' | 'checks' | 'timeoutScale' | 'submission'>): number {
  return gradingDeadline({ assignment: job.assignment, checks: job.checks, timing: scaledTiming(job.timeoutScale), build: declaresBuild(job.submission) }).totalMs
}

// The client dialogue a client-dialogue check's run plays: its dialogue param, client-dialogue: when it has none
function dialogueOf(check: RubricCheck): string | undefined {
  return (check.params as { dialogue?: string } | undefined)?.dialogue
}
