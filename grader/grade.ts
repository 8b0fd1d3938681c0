import { tmpdir } from 'node:os'
import type { Assignment } from './assignments/assignment.js'
import { InternalError, NotGradableError } from './errors.js'
import { launcher, studentPrefix, type Launch } from './launcher.js'
import { freePort } from './net/ports.js'
import { probeNamed } from './probes/index.js'
import type { ClientProbe, Probe, ServerProbe } from './probes/probe.js'
import { killMarkedProcesses, newRunMarker } from './process/marked-processes.js'
import { removeScratch } from './process/scratch.js'
import { resolvePython } from './process/python.js'
import type { GradeReport } from './report.js'
import { maxScoreOf, type RubricCheck } from './rubric/rubric.js'
import { runCheck, skipped, toResult, type Outcome } from './run-check.js'
import type { Limits } from './sandbox/limits.js'
import { clientRuns } from './sessions/client-runs.js'
import { ServerUnderTest } from './sessions/server-under-test.js'
import { runBuild } from './submission/build.js'
import { privateCopy } from './submission/private-copy.js'
import { resolveSubmission } from './submission/resolve.js'
import { shimmedPythonArgv } from './shim/shim-command.js'
import type { LaunchSpec, ResolvedSubmission } from './submission/launch.js'
import { assertReadable, programEnv } from './submission/program-command.js'
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
  /**
   * `sandbox`: this worker runs inside its own network namespace, so programs get the spec's port (12000) and
   * host name, work on a private copy of the submission, under resource limits. `host` (default): free ports
   */
  readonly isolation?: 'host' | 'sandbox'
  /** The Python interpreter, when the caller resolved it already */
  readonly python?: string
  /** Run student programs as this uid (set when the sandbox itself runs as root) */
  readonly studentUid?: number
  readonly limits?: Limits
}

/** Where a grading's programs talk: the spec's port inside a sandbox, free ports on a shared host */
interface Addressing {
  readonly serverPort: () => Promise<number>
  readonly peerPort: () => Promise<number>
  readonly clientHost: string
}

// Grade one submission: start its programs, run every check of the rubric, score, and never throw for student faults
export async function grade(job: GradeJob): Promise<GradeReport> {
  const started = Date.now()
  const label = job.label ?? job.submission
  const base = { version: 1 as const, assignment: job.assignment.id, submission: label, seed: job.seed }
  let programs: GradeReport['programs'] = {}
  let notes: readonly string[] = []
  let copy: string | undefined
  try {
    const needed = { server: job.checks.some((c) => sideOf(c) === 'server'), client: job.checks.some((c) => sideOf(c) === 'client') }
    // Programs (and a build step) work on a private copy: nothing they write reaches the submission itself
    const dir = (copy = privateCopy(job.submission, label, job.isolation === 'sandbox' ? '/tmp' : tmpdir(), job.studentUid))
    const resolved = resolveSubmission(dir, label, job.assignment, needed)
    programs = { server: resolved.server?.file, client: resolved.client?.file }
    notes = resolved.notes
    for (const spec of [resolved.server, resolved.client]) if (spec) assertReadable(dir, spec.file)
    const outcomes = await runChecks(job, dir, resolved)
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
      ...(notes.length ? { notes } : {}),
      durationMs: Date.now() - started,
      ...(harnessError ? { harnessError } : {}),
    }
  } catch (error) {
    return unfinishedReport(job, error, { started, programs })
  } finally {
    if (copy) removeScratch(copy)
  }
}

// The report of a grading that could not finish. Not gradable: the student's fault, said in words. Anything else:
// the grader failed, and the report says so (a results file must still be written) instead of a stack trace
export function unfinishedReport(job: GradeJob, error: unknown, context: { started: number; programs?: GradeReport['programs'] }): GradeReport {
  const notGradable = error instanceof NotGradableError
  const reason = notGradable ? error.message : 'The autograder failed: contact course staff'
  const checks = job.checks.map((check) => toResult(check, skipped(notGradable ? 'The submission could not be graded' : reason)))
  const harnessError = notGradable ? undefined : { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined }
  return {
    version: 1,
    assignment: job.assignment.id,
    submission: job.label ?? job.submission,
    seed: job.seed,
    gradable: false,
    notGradableReason: reason,
    score: 0,
    maxScore: maxScoreOf(job.checks),
    extraScore: 0,
    checks,
    programs: context.programs ?? {},
    durationMs: Date.now() - context.started,
    ...(harnessError ? { harnessError } : {}),
  }
}

function sideOf(check: RubricCheck): 'server' | 'client' {
  const probe = probeNamed(check.probe)
  if (!probe) throw new InternalError(`Unknown probe "${check.probe}" in check "${check.id}"`)
  return probe.side
}

// Server checks run one after another against one server; client checks run in their own sequence, at the
// same time on a shared host (free ports), after the server checks inside a sandbox (both need the spec's port)
async function runChecks(job: GradeJob, dir: string, programs: ResolvedSubmission): Promise<Outcome[]> {
  const timing = scaledTiming(job.timeoutScale)
  const sandboxed = job.isolation === 'sandbox'
  const marker = newRunMarker()
  const env = programEnv(process.env, marker)
  if (programs.build) await runBuild(programs.build, dir, { env, timeoutMs: timing.buildMs, prefix: studentPrefix({ limits: job.limits, uid: job.studentUid }, false) })
  const spec = job.assignment.port
  const launch = launcher({
    submissionDir: dir,
    python: job.python ?? (await resolvePython()).executable,
    env,
    limits: job.limits,
    uid: job.studentUid,
    // On a shared host a Python program that hard-codes the spec's port (or the book's host names) is mapped
    // to the port it was given; inside a sandbox the spec's port is the real one
    pythonArgv: sandboxed ? undefined : (python, file, args, port) => shimmedPythonArgv(python, file, args, port === spec ? [] : [{ from: spec, to: port }]),
  })
  const addressing: Addressing = sandboxed
    ? { serverPort: async () => job.assignment.port, peerPort: async () => job.assignment.port, clientHost: job.assignment.host }
    : { serverPort: freePort, peerPort: freePort, clientHost: '127.0.0.1' }
  const server = programs.server ? serverUnderTest(job, programs.server, launch, addressing, marker, timing) : undefined
  const client = programs.client
  const runClient = clientRuns({
    assignment: job.assignment,
    seed: job.seed,
    timing,
    port: addressing.peerPort,
    host: addressing.clientHost,
    start: (host, port, input) => launch(client as LaunchSpec, { host, port, input }),
  })

  const done = new Map<string, Promise<Outcome>>()
  // On a shared host the two sides run at once; in a sandbox one after the other, the server stopped before any
  // client check (both need the spec's port) and restarted if a server check comes later
  const chains = { server: Promise.resolve(), client: Promise.resolve() }
  let sequence = Promise.resolve()
  const context = { assignment: job.assignment, seed: job.seed, timing }
  for (const check of sandboxed ? serverChecksFirst(job.checks) : job.checks) {
    const side = sideOf(check)
    const prerequisites = check.requires.map((id) => done.get(id) as Promise<Outcome>)
    const after = sandboxed ? sequence.then(() => (side === 'client' ? server?.stop() : undefined)) : chains[side]
    const outcome = after.then(async (): Promise<Outcome> => {
      const failed = (await Promise.all(prerequisites)).findIndex((o) => o.status !== 'passed')
      if (failed >= 0) return skipped(`Skipped: requires "${check.requires[failed]}", which did not pass`)
      const probe = probeNamed(check.probe) as Probe
      return probe.side === 'server'
        ? runServerCheck(probe, check, context, job.assignment, server)
        : runCheck(check, context, (ctx) => (probe as ClientProbe<unknown>).run({ ...ctx, runClient }))
    })
    chains[side] = outcome.then(() => undefined)
    sequence = outcome.then(() => undefined)
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

// Server checks before client checks (one server start, one stop), unless a check requires one of the other side
function serverChecksFirst(checks: readonly RubricCheck[]): readonly RubricCheck[] {
  const side = new Map(checks.map((c) => [c.id, sideOf(c)]))
  if (checks.some((c) => c.requires.some((id) => side.get(id) !== side.get(c.id)))) return checks
  return [...checks.filter((c) => side.get(c.id) === 'server'), ...checks.filter((c) => side.get(c.id) === 'client')]
}

function serverUnderTest(job: GradeJob, spec: LaunchSpec, launch: Launch, addressing: Addressing, marker: string, timing: Timing): ServerUnderTest {
  return new ServerUnderTest({
    transport: job.assignment.transport,
    marker,
    specPort: job.assignment.port,
    // Only Python programs get the port shim on a shared host: others that hard-code 12000 need the sandbox
    ...(job.isolation !== 'sandbox' && !spec.python ? { elsewhereHint: ` (a program that keeps port ${job.assignment.port} fixed is graded as it is with --isolation sandbox)` } : {}),
    startTimeoutMs: timing.serverStartMs,
    port: addressing.serverPort,
    start: (port) => launch(spec, { port }),
  })
}

async function runServerCheck(
  probe: ServerProbe<unknown>,
  check: RubricCheck,
  context: { assignment: Assignment; seed: number; timing: Timing },
  assignment: Assignment,
  server: ServerUnderTest | undefined,
): Promise<Outcome> {
  if (!server) throw new InternalError(`Check "${check.id}" needs a server program`)
  const problem = await server.ensureRunning()
  const target = server.target
  // server-listens reports the first start's problem; every other server check needs a listening server
  if (probe.name !== 'server-listens' && (problem || !target)) return skipped(`Skipped: the server is not listening (${problem ?? 'not started'})`)
  const view = { target: target ?? { host: '127.0.0.1', port: 0, transport: assignment.transport }, startProblem: server.startProblem, endedHow: (options?: { dying?: boolean }) => server.endedHow(options) }
  // Waits on the server end as soon as it exits: no deadline is spent waiting on a dead process
  const gone = server.gone
  return runCheck(check, context, (ctx) => probe.run({ ...ctx, signal: AbortSignal.any([ctx.signal, gone]), server: view }))
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}
