import { basename, dirname, join } from 'node:path'
import type { Assignment } from './assignments/assignment.js'
import { InternalError, NotGradableError } from './errors.js'
import { probeNamed } from './probes/index.js'
import type { ClientProbe, Probe, ProbeOutcome, ServerProbe } from './probes/probe.js'
import { Transcript } from './probes/transcript.js'
import { killMarkedProcesses, newRunMarker } from './process/marked-processes.js'
import { resolvePython } from './process/python.js'
import { startProgram } from './process/start-program.js'
import { seededRandom } from './random.js'
import type { CheckResult, GradeReport } from './report.js'
import { maxScoreOf, type RubricCheck } from './rubric/rubric.js'
import { clientRuns } from './sessions/client-runs.js'
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

type Outcome = Pick<CheckResult, 'status' | 'message'> & { hint?: string; transcript: Transcript; internal?: { message: string; stack?: string } }

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
    const harnessError = outcomes.find((o) => o.status === 'error')?.internal
    return {
      ...base,
      gradable: true,
      score: sum(checks.map((c) => c.score)),
      maxScore: maxScoreOf(job.checks),
      extraScore: sum(checks.filter((c) => c.extraCredit).map((c) => c.score)),
      checks,
      programs,
      durationMs: Date.now() - started,
      ...(harnessError ? { harnessError } : {}),
    }
  } catch (error) {
    // Not gradable: the student's fault, said in words. Anything else: the grader failed, and the report says so
    // (a results file must still be written) instead of leaving the caller with a stack trace and no report
    const notGradable = error instanceof NotGradableError
    const reason = notGradable ? error.message : 'The autograder failed: contact course staff'
    const checks = job.checks.map((check) => toResult(check, { status: 'skipped', message: notGradable ? 'The submission could not be graded' : reason, transcript: new Transcript() }))
    const harnessError = notGradable ? undefined : { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined }
    return { ...base, gradable: false, notGradableReason: reason, score: 0, maxScore: maxScoreOf(job.checks), extraScore: 0, checks, programs, durationMs: Date.now() - started, ...(harnessError ? { harnessError } : {}) }
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
  const marker = newRunMarker()
  const env = programEnv(process.env, marker)
  // Each program runs from its own folder, as a student runs it: `python3 UDPServer.py 12000`
  const start = (file: string, spec: Assignment['server'], port: number, host?: string, input?: string) =>
    startProgram(programArgv(spec, { python: python.executable, file: basename(file), port, host }), { cwd: join(job.submission, dirname(file)), env, input })
  const server = programs.server
    ? new ServerUnderTest({ transport: job.assignment.transport, marker, startTimeoutMs: timing.serverStartMs, start: (port) => start(programs.server as string, job.assignment.server, port) })
    : undefined
  const runClient = clientRuns({
    assignment: job.assignment,
    seed: job.seed,
    timing,
    start: (host, port, input) => start(programs.client as string, job.assignment.client, port, host, input),
  })

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
    // Daemons that left their process group still carry the marker
    await killMarkedProcesses(marker)
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
    // A grader bug: the student sees that the autograder failed; the details go to the report's harnessError
    const internal = { message: `Probe "${check.probe}" of check "${check.id}" failed: ${error instanceof Error ? error.message : String(error)}`, stack: error instanceof Error ? error.stack : undefined }
    return { status: 'error', message: 'The autograder failed on this check: contact course staff', transcript, internal }
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

