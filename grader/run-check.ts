import type { Answers } from './answers/answers.js'
import type { Assignment } from './assignments/assignment.js'
import type { Crash } from './feedback/crash.js'
import type { Inputs } from './inputs/inputs.js'
import type { ProbeOutcome, ServerProbe } from './probes/probe.js'
import { Transcript } from './probes/transcript.js'
import { seededRandom } from './random.js'
import { servedFiles } from './files/served-files.js'
import type { CheckResult } from './report.js'
import type { RubricCheck } from './rubric/rubric.js'
import { DEFAULT_TIMING, type Timing } from './timing.js'

/**
 * What became of one check, before the rubric turns it into points. `crash`: the check did not pass because a
 * student program died or never started (see feedback/one-cause.ts); `missingProgram`: the check's side has no program,
 * and its one line says so
 */
export type Outcome = Pick<CheckResult, 'status' | 'message'> & { hint?: string; transcript: Transcript; internal?: { message: string; stack?: string }; crash?: Crash; spoiledBy?: string; missingProgram?: true }

type CommonCtx = Omit<Parameters<ServerProbe<unknown>['run']>[0], 'server'>

/** What a check runs with: its bound (from deadline.ts), and the grading's own signal (the watchdog) */
export interface CheckContext {
  readonly assignment: Assignment
  /** The assignment's answers and inputs, made once per grading (a reference oracle's server is the grading's) */
  readonly answers: Answers
  readonly inputs: Inputs
  readonly seed: number
  readonly timing: Timing
  readonly budgetMs: number
  readonly signal?: AbortSignal
}

// Run one probe under the check's deadline; a throw is a grader bug, reported as an error, never a crash
export async function runCheck(check: RubricCheck, context: CheckContext, run: (ctx: CommonCtx) => Promise<ProbeOutcome>): Promise<Outcome> {
  const { timing, budgetMs } = context
  const transcript = new Transcript()
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<ProbeOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort()
      resolve({ status: 'failed', message: `The check did not finish within ${budgetMs} ms` })
    }, budgetMs)
  })
  try {
    const ctx = {
      params: check.params as never,
      assignment: context.assignment,
      answers: context.answers,
      inputs: context.inputs,
      random: seededRandom(context.seed, check.id),
      signal: context.signal ? AbortSignal.any([controller.signal, context.signal]) : controller.signal,
      timing: { replyTimeoutMs: timing.replyMs, replyIdleMs: timing.replyIdleMs, scale: timing.replyMs / DEFAULT_TIMING.replyMs },
      transcript,
      files: servedFiles(context.assignment.files ?? [], context.seed),
    }
    const outcome = await Promise.race([run(ctx), deadline])
    return { ...outcome, message: outcome.message ?? '', transcript }
  } catch (error) {
    // A grader bug: the student sees that the autograder failed; the details go to the report's harnessError
    const internal = { message: `Probe "${check.probe}" of check "${check.id}" failed: ${error instanceof Error ? error.message : String(error)}`, stack: error instanceof Error ? error.stack : undefined }
    return { status: 'error', message: 'The autograder failed on this check: contact course staff', transcript, internal }
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
}

export function skipped(message: string): Outcome {
  return { status: 'skipped', message, transcript: new Transcript() }
}

// The rubric's points for an outcome, and its feedback when the check did not pass. The rubric's feedback is for the
// check's own failure: a crash gets the hint for its error instead, and a check it spoiled gets none
export function toResult(check: RubricCheck, outcome: Outcome): CheckResult {
  return {
    id: check.id,
    name: check.name,
    status: outcome.status,
    score: outcome.status === 'passed' ? check.points : 0,
    maxScore: check.points,
    extraCredit: check.extraCredit,
    visibility: check.visibility,
    message: outcome.message,
    hint: hintFor(check, outcome),
    transcript: outcome.transcript.lines,
    ...(outcome.spoiledBy ? { spoiledBy: outcome.spoiledBy } : {}),
  }
}

function hintFor(check: RubricCheck, outcome: Outcome): string | undefined {
  if (outcome.status === 'passed' || outcome.missingProgram) return undefined
  if (!outcome.crash) return joinHints(outcome.hint, check.feedback)
  if (outcome.status === 'skipped') return undefined
  return outcome.crash.hint ?? joinHints(outcome.hint, check.feedback)
}

function joinHints(...hints: (string | undefined)[]): string | undefined {
  const present = hints.filter((h): h is string => Boolean(h))
  return present.length ? present.join('\n') : undefined
}
