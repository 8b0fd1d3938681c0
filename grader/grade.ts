import type { Assignment } from './assignments/assignment.js'
import { InternalError, NotGradableError } from './errors.js'
import { freePort } from './net/ports.js'
import { probeNamed } from './rubric/rules.js'
import type { ClientProbe, Probe, ProbeOutcome, ServerProbe } from './probes/probe.js'
import { Transcript } from './probes/transcript.js'
import { resolvePython } from './process/python.js'
import { startProgram } from './process/start-program.js'
import { seededRandom } from './random.js'
import type { CheckResult, GradeReport } from './report.js'
import { maxScoreOf, type RubricCheck } from './rubric/rubric.js'
import { sentences } from './sentences.js'
import { runClientSession, type ClientSession } from './sessions/client-session.js'
import { ServerUnderTest } from './sessions/server-under-test.js'
import { findPrograms, type SubmissionPrograms } from './submission/find-programs.js'
import { assertReadable, programArgv, programEnv } from './submission/program-command.js'
import { scaledTiming, type Timing } from './timing.js'

/** Everything one grading needs; plain data, so it can be handed to a worker in another process or namespace */
export interface GradeJob {
  /** Absolute path of the submission folder */
  readonly submission: string
  /** How reports name the submission (the path as the user typed it); the path when absent */
  readonly label?: string
  readonly assignment: Assignment
  readonly checks: readonly RubricCheck[]
  readonly seed: number
  readonly timeoutScale: number
}

type Outcome = Pick<CheckResult, 'status' | 'message'> & { hint?: string; transcript: Transcript }

// Grade one submission: start its programs, run every check of the rubric, score, and never throw for student faults
export async function grade(job: GradeJob): Promise<GradeReport> {
  const started = Date.now()
  const base = { version: 1 as const, assignment: job.assignment.id, submission: job.label ?? job.submission, seed: job.seed }
  let programs: SubmissionPrograms = {}
  try {
    const needed = { server: job.checks.some((c) => sideOf(c) === 'server'), client: job.checks.some((c) => sideOf(c) === 'client') }
    programs = findPrograms(job.submission, job.label ?? job.submission, job.assignment, needed)
    for (const file of [programs.server, programs.client]) if (file) assertReadable(job.submission, file)
    const outcomes = await runChecks(job, programs)
    const checks = job.checks.map((check, i) => toResult(check, outcomes[i] as Outcome))
    return { ...base, gradable: true, score: sum(checks.map((c) => c.score)), maxScore: maxScoreOf(job.checks), checks, programs, durationMs: Date.now() - started }
  } catch (error) {
    if (!(error instanceof NotGradableError)) throw error
    const checks = job.checks.map((check) => toResult(check, { status: 'skipped', message: 'The submission could not be graded', transcript: new Transcript() }))
    return { ...base, gradable: false, notGradableReason: error.message, score: 0, maxScore: maxScoreOf(job.checks), checks, programs, durationMs: Date.now() - started }
  }
}

function sideOf(check: RubricCheck): 'server' | 'client' {
  const probe = probeNamed(check.probe)
  if (!probe) throw new InternalError(`Unknown probe "${check.probe}" in check "${check.id}"`)
  return probe.side
}

// Server checks run one after another against one server; client checks run meanwhile, in their own sequence
async function runChecks(job: GradeJob, programs: SubmissionPrograms): Promise<Outcome[]> {
  const timing = scaledTiming(job.timeoutScale)
  const python = await resolvePython()
  const env = programEnv(process.env)
  const start = (file: string, spec: Assignment['server'], port: number, host?: string, input?: string) =>
    startProgram(programArgv(spec, { python: python.executable, file, port, host }), { cwd: job.submission, env, input })
  const server = programs.server
    ? new ServerUnderTest({ transport: job.assignment.transport, startTimeoutMs: timing.serverStartMs, start: (port) => start(programs.server as string, job.assignment.server, port) })
    : undefined
  const clientRuns = new Map<number, Promise<ClientSession>>()
  const runClient = (count: number) => {
    let run = clientRuns.get(count)
    if (!run) {
      run = freePort().then((port) =>
        runClientSession({
          assignment: job.assignment,
          lines: sentences(seededRandom(job.seed, `client-${count}`), count, ['basic', 'mixed-case', 'digits']),
          port,
          host: '127.0.0.1',
          timeoutMs: timing.clientRunMs,
          peerIdleMs: timing.peerIdleMs,
          random: seededRandom(job.seed, `peer-${count}`),
          start: (host, p, input) => start(programs.client as string, job.assignment.client, p, host, input),
        }),
      )
      clientRuns.set(count, run)
    }
    return run
  }

  const done = new Map<string, Promise<Outcome>>()
  const chains = { server: Promise.resolve(), client: Promise.resolve() }
  for (const check of job.checks) {
    const side = sideOf(check)
    const prerequisites = check.requires.map((id) => done.get(id) as Promise<Outcome>)
    const outcome = chains[side].then(async (): Promise<Outcome> => {
      const failed = (await Promise.all(prerequisites)).findIndex((o) => o.status !== 'passed')
      if (failed >= 0) return skipped(`Skipped: requires "${check.requires[failed]}", which did not pass`)
      const probe = probeNamed(check.probe) as Probe
      return probe.side === 'server'
        ? runServerCheck(probe, check, job, timing, server)
        : runCheck(check, job, timing, (ctx) => (probe as ClientProbe<unknown>).run({ ...ctx, runClient }))
    })
    chains[side] = outcome.then(() => undefined)
    done.set(check.id, outcome)
  }
  try {
    return await Promise.all(job.checks.map((c) => done.get(c.id) as Promise<Outcome>))
  } finally {
    await server?.stop()
  }
}

async function runServerCheck(probe: ServerProbe<unknown>, check: RubricCheck, job: GradeJob, timing: Timing, server: ServerUnderTest | undefined): Promise<Outcome> {
  if (!server) throw new InternalError(`Check "${check.id}" needs a server program`)
  const problem = await server.ensureRunning()
  const target = server.target
  // server-listens reports the first start's problem; every other server check needs a listening server
  if (probe.name !== 'server-listens' && (problem || !target)) return skipped(`Skipped: the server is not listening (${problem ?? 'not started'})`)
  const view = { target: target ?? { host: '127.0.0.1', port: 0, transport: job.assignment.transport }, startProblem: server.startProblem, endedHow: (options?: { dying?: boolean }) => server.endedHow(options) }
  // Waits on the server end as soon as it exits: no deadline is spent waiting on a dead process
  const gone = server.gone
  return runCheck(check, job, timing, (ctx) => probe.run({ ...ctx, signal: AbortSignal.any([ctx.signal, gone]), server: view }))
}

type CommonCtx = Parameters<ServerProbe<unknown>['run']>[0]

// Run one probe under the check's deadline; a throw is a grader bug, reported as an error, never a crash
async function runCheck(
  check: RubricCheck,
  job: GradeJob,
  timing: Timing,
  run: (ctx: Omit<CommonCtx, 'server'>) => Promise<ProbeOutcome>,
): Promise<Outcome> {
  const transcript = new Transcript()
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<ProbeOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort()
      resolve({ status: 'failed', message: `The check did not finish within ${timing.checkMs} ms` })
    }, timing.checkMs)
  })
  try {
    const ctx = {
      params: check.params as never,
      assignment: job.assignment,
      random: seededRandom(job.seed, check.id),
      signal: controller.signal,
      timing: { replyTimeoutMs: timing.replyMs, replyIdleMs: timing.replyIdleMs },
      transcript,
    }
    const outcome = await Promise.race([run(ctx), deadline])
    return { ...outcome, message: outcome.message ?? '', transcript }
  } catch (error) {
    const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error)
    return { status: 'error', message: `Internal error in probe "${check.probe}": ${message}`, transcript }
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
}

function skipped(message: string): Outcome {
  return { status: 'skipped', message, transcript: new Transcript() }
}

function toResult(check: RubricCheck, outcome: Outcome): CheckResult {
  const score = outcome.status === 'passed' ? check.points : 0
  return {
    id: check.id,
    name: check.name,
    status: outcome.status,
    score,
    maxScore: check.points,
    extraCredit: check.extraCredit,
    visibility: check.visibility,
    message: outcome.message,
    hint: outcome.status === 'passed' ? undefined : joinHints(outcome.hint, check.feedback),
    transcript: outcome.transcript.lines,
  }
}

function joinHints(...hints: (string | undefined)[]): string | undefined {
  const present = hints.filter((h): h is string => Boolean(h))
  return present.length ? present.join('\n') : undefined
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

