import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { placeServedFiles } from './files/served-files.js'
import type { Assignment } from './assignments/assignment.js'
import { InternalError } from './errors.js'
import { answersFor } from './answers/answers.js'
import { gradingReference } from './answers/reference/start-reference.js'
import { inputsFor } from './inputs/inputs.js'
import { launcher, studentStart, type Launch } from './launcher.js'
import { freePort } from './net/ports.js'
import { probeNamed } from './probes/index.js'
import type { ClientProbe, Probe, ServerProbe } from './probes/probe.js'
import { killMarkedProcesses, newRunMarker } from './process/marked-processes.js'
import { openGradingCgroup, type GradingCgroup } from './process/grading-cgroup.js'
import { hostStudentUid } from './process/host-student-uid.js'
import { removeScratch } from './process/scratch.js'
import { killUidProcesses } from './process/uid-processes.js'
import { resolvePython } from './process/python.js'
import type { GradeReport } from './report.js'
import { maxScoreOf, type RubricCheck } from './rubric/rubric.js'
import { runCheck, skipped, toResult, type CheckContext, type Outcome } from './run-check.js'
import { DEFAULT_LIMITS, type Limits } from './sandbox/limits.js'
import { newStudentUid } from './sandbox/student-uid.js'
import type { RoomConfig } from './sandbox/room.js'
import { clientRuns, retryIfPortTaken } from './sessions/client-runs.js'
import { clientDialogueMs, runClientDialogue, type ClientDialogueRun } from './sessions/client-dialogue.js'
import { clientTlsTrust } from './tls/client-trust.js'
import { runClientPings, type PingRun } from './sessions/client-pings.js'
import { seededRandom } from './random.js'
import { ServerUnderTest } from './sessions/server-under-test.js'
import { runBuild } from './submission/build.js'
import { privateCopy } from './submission/private-copy.js'
import { resolveSubmission, type ResolvedOrMissing } from './submission/resolve.js'
import { crashOf, startFailure } from './feedback/crash.js'
import { stderrTail } from './process/describe-exit.js'
import { oneCause } from './feedback/one-cause.js'
import type { ClientSession } from './sessions/client-session.js'
import { ANY_HOST, shimmedPythonArgv, type PortMapping } from './shim/shim-command.js'
import type { LaunchSpec } from './submission/launch.js'
import type { Origin } from './origin/origin-server.js'
import { assertReadable, programEnv } from './submission/program-command.js'
import { DEFAULT_TIMING, scaledTiming, type Timing } from './timing.js'
import { gradingDeadline, gradingDeadlineMs, maxServerStarts } from './deadline.js'
import { unfinishedReport } from './unfinished-report.js'
import { Transcript } from './probes/transcript.js'
import { killSubmissionProcesses } from './sandbox/namespace-programs.js'
import { setTimeout as delay } from 'node:timers/promises'
import { startWildcardDns, type WildcardDns } from './dns/wildcard-dns.js'
import { startGradingOrigin } from './origin/grading-origin.js'

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
  /** Inside a sandbox: the student room every program is started in (sandbox/room.ts) */
  readonly room?: RoomConfig
  /** The grading's hard deadline (see deadline.ts), computed by the caller; computed here when absent */
  readonly deadlineMs?: number
  /** When the grading started (epoch ms), so a worker's deadline counts the sandbox's start too; now when absent */
  readonly startedAt?: number
}

/** Where a grading's programs talk: the spec's port inside a sandbox, free ports on a shared host */
interface Addressing {
  readonly serverPort: () => Promise<number>
  readonly peerPort: () => Promise<number>
  readonly clientHost: string
}

// Grade one submission: start its programs, run every check of the rubric, score, and never throw for student
// faults. A watchdog ends the grading at its deadline and still returns a report: the checks not finished by then
// fail with what they were waiting for, and every program is stopped
export async function grade(graded: GradeJob): Promise<GradeReport> {
  let job = graded
  const started = job.startedAt ?? Date.now()
  const label = job.label ?? job.submission
  const base = { version: 1 as const, assignment: job.assignment.id, submission: label, seed: job.seed }
  const timing = scaledTiming(job.timeoutScale)
  const deadlineMs = job.deadlineMs ?? gradingDeadlineMs(job)
  let programs: GradeReport['programs'] = {}
  let notes: readonly string[] = []
  let copy: string | undefined
  let cgroup: GradingCgroup | undefined
  const watchdog = new AbortController()
  // Ends early enough that the programs are stopped and the report is out by the deadline
  const timer = setTimeout(() => watchdog.abort(), Math.max(0, started + deadlineMs - timing.stopMs - Date.now()))
  try {
    const needed = { server: job.checks.some((c) => sideOf(c) === 'server'), client: job.checks.some((c) => sideOf(c) === 'client') }
    // Programs (and a build step) work on a private copy: nothing they write reaches the submission itself
    // As root on the host, the programs run as a uid of their own (see host-student-uid.ts)
    if (job.isolation !== 'sandbox' && job.studentUid === undefined) job = withStudentUid(job, await hostStudentUid(job.python))
    const copied = privateCopy(job.submission, label, job.isolation === 'sandbox' ? '/tmp' : tmpdir(), job.studentUid)
    const dir = (copy = copied.dir)
    const resolved = resolveSubmission(dir, label, job.assignment, needed)
    programs = { server: resolved.server?.file, client: resolved.client?.file }
    notes = [...resolved.notes, ...copied.notes]
    // What an HTTP server serves: written after the copy, so a handed-in file of the same name cannot stand in
    if (resolved.server) notes = [...notes, ...placeServedFiles(join(dir, resolved.server.cwd), job.assignment.files, job.seed, job.studentUid)]
    for (const spec of [resolved.server, resolved.client]) if (spec) assertReadable(dir, spec.file)
    // On the host, a cgroup of the grading's own where one can be made: nothing a program does takes it out
    cgroup = job.isolation === 'sandbox' ? undefined : openGradingCgroup()
    const ran = await runChecks(job, dir, resolved, { timing, signal: watchdog.signal, deadlineMs, cgroup, onNote: (note) => (notes = [...notes, note]) })
    // One cause, one message: a crash is said once, by the first check that saw it
    const { outcomes, causes } = oneCause(job.checks, ran)
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
      ...(causes.length ? { causes } : {}),
      durationMs: Date.now() - started,
      deadlineMs,
      ...(watchdog.signal.aborted ? { deadlineReached: true } : {}),
      ...(harnessError ? { harnessError } : {}),
    }
  } catch (error) {
    return unfinishedReport(job, error, { started, programs, deadlineMs })
  } finally {
    clearTimeout(timer)
    // A build step's daemon, too, when the grading chose the uid
    if (job.studentUid !== undefined && graded.studentUid === undefined) await killUidProcesses(job.studentUid)
    await cgroup?.remove()
    if (copy) removeScratch(copy)
  }
}

function withStudentUid(job: GradeJob, studentUid: number | undefined): GradeJob {
  return studentUid === undefined ? job : { ...job, studentUid }
}

function sideOf(check: RubricCheck): 'server' | 'client' {
  const probe = probeNamed(check.probe)
  if (!probe) throw new InternalError(`Unknown probe "${check.probe}" in check "${check.id}"`)
  return probe.side
}

/** How a grading runs: its deadlines, and the watchdog's signal that ends it */
interface RunControl {
  readonly timing: Timing
  readonly signal: AbortSignal
  readonly deadlineMs: number
  /** Host mode: the grading's cgroup, when the machine gives one */
  readonly cgroup?: GradingCgroup
  /** A note for the report found while grading (a server that asked for its port and got it typed) */
  readonly onNote?: (note: string) => void
}

// Server checks run one after another against one server; client checks run in their own sequence, at the
// same time on a shared host (free ports), after the server checks inside a sandbox (both need the spec's port).
// When the watchdog fires, every check not finished fails with what it was waiting for, and all programs stop
async function runChecks(job: GradeJob, dir: string, programs: ResolvedOrMissing, control: RunControl): Promise<Outcome[]> {
  const { timing } = control
  const sandboxed = job.isolation === 'sandbox'
  const marker = newRunMarker()
  // A client dialogue that starts TLS (SMTP's STARTTLS): a throw-away authority for this grading alone, which the
  // student's programs are told to trust (SSL_CERT_FILE, a file in their private copy)
  const tls = clientTlsTrust(job.assignment, dir)
  const env = { ...programEnv(process.env, marker), ...tls?.env }
  // Inside a sandbox every process but the grader's is the submission's: clear them all before a server starts and
  // before the grader's own server takes the spec's port, so a leftover (a daemon, a stray child) cannot hold it
  // (The reference server's relay and what it started are the grader's: spared)
  const clearSandbox = sandboxed ? async () => void (await killSubmissionProcesses(() => reference?.pids() ?? [])) : undefined
  const waiting = new Map<string, string>()
  const clientChecks = job.checks.filter((c) => sideOf(c) === 'client').map((c) => c.id)
  const settled = new Map<string, Outcome>()
  const outOfTime = (id: string): Outcome => ({
    status: 'failed',
    message: `The grading ran out of time (its deadline is ${control.deadlineMs} ms) ${waiting.get(id) ?? 'before this check could start'}`,
    transcript: new Transcript(),
  })
  const deadlines = gradingDeadline({ assignment: job.assignment, checks: job.checks, timing, build: false }).checkMs
  const python = job.python ?? (await resolvePython()).executable
  // The answers and inputs of the whole grading: a reference oracle's server is started once, on the first question,
  // its own network around it; in the sandbox in a room of its own, and as root (sandbox or host) as a uid that is not
  // the students': whatever a student's client makes it run runs no better off than the student's own programs
  const held = job.room !== undefined || job.studentUid !== undefined
  const confine = held
    ? { ...(job.room ? { room: job.room } : {}), limits: job.limits ?? DEFAULT_LIMITS, ...(job.studentUid !== undefined ? { uid: newStudentUid(job.studentUid) } : {}) }
    : undefined
  const reference = gradingReference(job.assignment, { python, env, timing, ...(confine ? { confine } : {}) })
  const answers = answersFor(job.assignment, reference ? (inputs) => reference.server.ask(inputs) : undefined)
  const context = { assignment: job.assignment, answers, inputs: inputsFor(job.assignment), seed: job.seed, timing, signal: control.signal }
  let server: ServerUnderTest | undefined
  // any-host: in the sandbox every name a program looks up is the sandbox's loopback (its resolv.conf points here)
  const dns = sandboxed && job.assignment['any-host'] ? await sandboxDns() : undefined
  // origin: the web server behind a proxy, on its real port in the sandbox, on a free one (mapped) on a shared host
  const origin = job.assignment.origin ? await startGradingOrigin(job.assignment.origin, job.seed, sandboxed) : undefined
  // Called at the deadline and again at the end: a server a check was starting as the deadline passed goes too
  const stopAll = async () => {
    await dns?.close()
    await origin?.close()
    await server?.stop()
    await reference?.stop()
    // Daemons that left their process group still carry the marker; on the host as root, every process of the
    // student's uid goes too (a daemon that cleared its environment carries no marker)
    await control.cgroup?.kill()
    await killMarkedProcesses(marker)
    if (!sandboxed && job.studentUid !== undefined) await killUidProcesses(job.studentUid)
    await clearSandbox?.()
  }
  let roomFailure: string | undefined
  const graded = (async (): Promise<Outcome[]> => {
    if (programs.build) {
      await runBuild(programs.build, dir, { env, timeoutMs: timing.buildMs, start: (cwd) => studentStart({ limits: job.limits, uid: job.studentUid, room: job.room, cgroup: control.cgroup, submissionDir: dir }, false, cwd) })
    }
    const start = launcher({
      submissionDir: dir,
      python,
      env,
      limits: job.limits,
      uid: job.studentUid,
      ...(job.room ? { room: job.room } : {}),
      ...(control.cgroup ? { cgroup: control.cgroup } : {}),
      // On a shared host a Python program that hard-codes the spec's port (or the book's host names) is mapped
      // to the port it was given; inside a sandbox the spec's port is the real one. The assignment's other ports (a
      // protocol's usual ones) are mapped too, and with any-host every name means this machine
      pythonArgv: sandboxed ? undefined : (python, file, args, port) => shimmedPythonArgv(python, file, args, shimPortMaps(job.assignment, port, origin?.port), job.assignment['any-host'] ? [ANY_HOST] : []),
    })
    // A room that could not be built fails the grading as the grader's fault (exit 2), never as the student's crash
    const launch: Launch = (spec, values) => {
      const program = start(spec, values)
      void program.exited.then(() => {
        if (program.roomFailed) roomFailure ??= stderrTail(program.stderr.text()) || 'no message'
      })
      return program
    }
    const addressing: Addressing = sandboxed
      ? { serverPort: async () => job.assignment.port, peerPort: async () => job.assignment.port, clientHost: job.assignment.host }
      : { serverPort: freePort, peerPort: freePort, clientHost: '127.0.0.1' }
    server = programs.server ? serverUnderTest(job, programs.server, launch, addressing, { marker, timing, clearSandbox, onTyped: control.onNote }) : undefined
    const client = programs.client
    const runClient = clientRuns({
      assignment: job.assignment,
      answers,
      inputs: context.inputs,
      seed: job.seed,
      timing,
      port: addressing.peerPort,
      host: addressing.clientHost,
      start: (host, port, input) => launch(client as LaunchSpec, { host, port, input }),
      beforeRetry: clearSandbox,
    })
    const dialogueRuns = new Map<string, Promise<ClientDialogueRun>>()
    const otherPorts = sandboxed ? (job.assignment['other-ports'] ?? []) : []
    const dialogueOnce = (dialogue: string | undefined) =>
      addressing.peerPort().then((port) =>
        runClientDialogue({
          assignment: job.assignment,
          ...(dialogue === undefined ? {} : { dialogue }),
          port,
          otherPorts,
          host: addressing.clientHost,
          timeoutMs: clientDialogueMs(job.assignment, timing, dialogue),
          ...(tls ? { tls: tls.ca.serverOptions } : {}),
          replyTimeoutMs: timing.replyMs,
          scale: timing.replyMs / DEFAULT_TIMING.replyMs,
          random: seededRandom(job.seed, dialogue === undefined ? 'client-dialogue' : `client-dialogue ${dialogue}`),
          signal: control.signal,
          start: (host, port, input) => launch(client as LaunchSpec, { host, port, input }),
        }),
      )
    // As clientRuns does: one retry when the grader's server lost its port (in a sandbox, cleared first). One run per
    // dialogue, whichever check asks first
    const runDialogue = (dialogue?: string) => {
      const key = dialogue ?? ''
      const run = dialogueRuns.get(key) ?? retryIfPortTaken(() => dialogueOnce(dialogue), clearSandbox)
      dialogueRuns.set(key, run)
      return run
    }
    let pingRun: Promise<PingRun> | undefined
    const pingsOnce = () =>
      addressing.peerPort().then((port) =>
        runClientPings({
          assignment: job.assignment,
          answers,
          port,
          host: addressing.clientHost,
          timing,
          random: seededRandom(job.seed, 'lossy-server'),
          start: (host, port, input) => launch(client as LaunchSpec, { host, port, input }),
        }),
      )
    const runPings = () => (pingRun ??= retryIfPortTaken(pingsOnce, clearSandbox))
    const done = new Map<string, Promise<Outcome>>()
    // On a shared host the two sides run at once; in a sandbox one after the other, the server stopped (and the
    // sandbox cleared) before the first client check, and restarted if a server check comes later
    const chains = { server: Promise.resolve(), client: Promise.resolve() }
    let sequence = Promise.resolve()
    let lastSide: 'server' | 'client' | undefined
    for (const check of sandboxed ? serverChecksFirst(job.checks) : job.checks) {
      const side = sideOf(check)
      const switching = sandboxed && side === 'client' && lastSide !== 'client'
      lastSide = side
      const prerequisites = check.requires.map((id) => done.get(id) as Promise<Outcome>)
      const after = sandboxed ? sequence.then(() => (switching ? server?.stop().then(() => clearSandbox?.()) : undefined)) : chains[side]
      const outcome = after.then(async (): Promise<Outcome> => {
        if (control.signal.aborted) return outOfTime(check.id)
        const probe = probeNamed(check.probe) as Probe
        // Partial credit: the side that is there is graded, the missing side's checks fail with one line (that, not
        // a prerequisite, is why they fail)
        const absent = programs.missing?.[probe.side]
        if (absent) return { status: 'failed', message: absent, transcript: new Transcript(), missingProgram: true }
        const before = await Promise.all(prerequisites)
        const failed = before.findIndex((o) => o.status !== 'passed')
        // A prerequisite a crash spoiled spoils this check too: the crash is named once (feedback/one-cause.ts)
        if (failed >= 0) return { ...skipped(`Skipped: requires "${check.requires[failed]}", which did not pass`), ...(before[failed]?.crash ? { crash: before[failed]?.crash } : {}) }
        const budgetMs = deadlines.get(check.id) as number
        // Client checks judge runs of the client: all of them wait on it from the moment one starts
        if (probe.side === 'client') for (const other of clientChecks) if (!settled.has(other)) waiting.set(other, 'while waiting for the client to exit')
        const result =
          probe.side === 'server'
            ? await runServerCheck(probe, check, { ...context, budgetMs }, server, (what) => waiting.set(check.id, what), { origin, folder: programs.server ? join(dir, programs.server.cwd) : undefined })
            : await runClientCheck(probe as ClientProbe<unknown>, check, { ...context, budgetMs }, { runClient, runClientDialogue: runDialogue, runClientPings: runPings })
        return control.signal.aborted && result.status !== 'passed' ? outOfTime(check.id) : result
      })
      void outcome.then((o) => settled.set(check.id, o))
      chains[side] = outcome.then(() => undefined)
      sequence = outcome.then(() => undefined)
      done.set(check.id, outcome)
    }
    const outcomes = await Promise.all(job.checks.map((c) => done.get(c.id) as Promise<Outcome>))
    if (roomFailure !== undefined) throw new InternalError(`Cannot build the student room in the sandbox: ${roomFailure}`)
    return outcomes
  })()
  // Past the deadline the grading's own end is no longer awaited: a failure then must not crash the process
  graded.catch(() => undefined)
  try {
    // A probe that misses the watchdog's signal cannot hold the report: past the deadline, what settled counts
    const expired = new Promise<'expired'>((resolve) => {
      if (control.signal.aborted) resolve('expired')
      control.signal.addEventListener('abort', () => resolve('expired'), { once: true })
    })
    const first = await Promise.race([graded, expired])
    if (first !== 'expired') return first
    await stopAll()
    const late = await Promise.race([graded, delay(timing.checkMarginMs).then(() => undefined)])
    return late ?? job.checks.map((c) => settled.get(c.id) ?? outOfTime(c.id))
  } finally {
    await stopAll()
  }
}

// The wildcard DNS on the sandbox's port 53; the grader's fault when it cannot listen there
async function sandboxDns(): Promise<WildcardDns> {
  try {
    return await startWildcardDns({ host: '127.0.0.1', port: 53 })
  } catch (error) {
    throw new InternalError(`Cannot answer DNS on 127.0.0.1:53 in the sandbox: ${(error as Error).message}`)
  }
}

// Server checks before client checks (one server start, one stop), unless a check requires one of the other side
function serverChecksFirst(checks: readonly RubricCheck[]): readonly RubricCheck[] {
  const side = new Map(checks.map((c) => [c.id, sideOf(c)]))
  if (checks.some((c) => c.requires.some((id) => side.get(id) !== side.get(c.id)))) return checks
  return [...checks.filter((c) => side.get(c.id) === 'server'), ...checks.filter((c) => side.get(c.id) === 'client')]
}

function serverUnderTest(
  job: GradeJob,
  spec: LaunchSpec,
  launch: Launch,
  addressing: Addressing,
  options: { marker: string; timing: Timing; clearSandbox?: () => Promise<void>; onTyped?: (note: string) => void },
): ServerUnderTest {
  return new ServerUnderTest({
    transport: job.assignment.transport,
    marker: options.marker,
    specPort: job.assignment.port,
    // Only Python programs get the port shim on a shared host: others that hard-code 12000 need the sandbox
    ...(job.isolation !== 'sandbox' && !spec.python ? { elsewhereHint: ` (a program that keeps port ${job.assignment.port} fixed is graded as it is with --isolation sandbox)` } : {}),
    startTimeoutMs: options.timing.serverStartMs,
    exitSeenMs: options.timing.exitSeenMs,
    maxStarts: maxServerStarts(job.checks.filter((c) => sideOf(c) === 'server').length),
    port: addressing.serverPort,
    start: (port) => launch(spec, { port, openStdin: true }),
    ...(spec.addressCommand ? { startAsAddress: (port: number) => launch({ ...spec, command: spec.addressCommand ?? spec.command }, { port, openStdin: true }), onAddressRetry: options.onTyped } : {}),
    onTyped: options.onTyped,
    ...(options.clearSandbox ? { beforeStart: options.clearSandbox, scope: 'namespace' as const } : {}),
  })
}

async function runServerCheck(
  probe: ServerProbe<unknown>,
  check: RubricCheck,
  context: CheckContext,
  server: ServerUnderTest | undefined,
  waitingFor: (what: string) => void,
  around: Surroundings,
): Promise<Outcome> {
  if (!server) throw new InternalError(`Check "${check.id}" needs a server program`)
  const startsBefore = server.startCount
  const outcome = await runServerCheckOnce(probe, check, context, server, waitingFor, around)
  // A server kept from an earlier check that exited with 0 before this check got any reply had ended between the
  // checks, whether or not its exit was seen before the check began (on a loaded machine it may not be): such a
  // server is started again for the check, so the verdict does not depend on that race (a one-shot server)
  const exit = server.lastRun?.exit ?? server.lastRun?.leaderExit
  const reused = startsBefore > 0 && server.startCount === startsBefore
  const noReply = !outcome.transcript.lines.some((line) => line.dir === 'received')
  if (outcome.status === 'failed' && reused && noReply && exit?.exitCode === 0 && exit.signal === null && !exit.killedByGrader) {
    return runServerCheckOnce(probe, check, context, server, waitingFor, around)
  }
  return outcome
}

/** What a server check may see besides the server: the grader's origin (for a proxy), the server's folder */
interface Surroundings {
  readonly origin: Origin | undefined
  readonly folder: string | undefined
}

async function runServerCheckOnce(
  probe: ServerProbe<unknown>,
  check: RubricCheck,
  context: CheckContext,
  server: ServerUnderTest,
  waitingFor: (what: string) => void,
  around: Surroundings,
): Promise<Outcome> {
  waitingFor('while waiting for the server to listen')
  const problem = await server.ensureRunning()
  const target = server.target
  // server-listens reports the first start's problem; every other server check needs a listening server. A start that
  // failed is the cause of every server check after it
  const ended = server.lastRun
  const start = problem || !target ? startFailure(problem ?? 'The server was not started', { exited: Boolean(ended?.exit && !ended.exit.killedByGrader), stderr: ended?.stderr ?? '' }) : undefined
  if (probe.name !== 'server-listens' && start) return { ...skipped(`Skipped: the server is not listening (${problem ?? 'not started'})`), crash: start }
  const view = {
    target: target ?? { host: '127.0.0.1', port: 0, transport: context.assignment.transport },
    startProblem: server.startProblem,
    endedHow: (options?: { dying?: boolean }) => server.endedHow(options),
    ...(around.folder ? { folder: around.folder } : {}),
  }
  // Waits on the server end as soon as it exits: no deadline is spent waiting on a dead process
  const gone = server.gone
  waitingFor('while waiting for the server to answer')
  const outcome = await runCheck(check, context, (ctx) => probe.run({ ...ctx, signal: AbortSignal.any([ctx.signal, gone]), server: view, ...(around.origin ? { origin: around.origin } : {}) }))
  if (outcome.status !== 'failed') return outcome
  if (start) return { ...outcome, crash: start }
  // The server died during the check and the check failed saying so: the crash is why (a wrong answer followed by an
  // exit stays the check's own failure, so the verdict does not hang on how fast the exit was seen)
  if (!gone.aborted) return outcome
  const crash = crashOf('server', server.lastRun?.exit, server.lastRun?.stderr ?? '')
  return crash && outcome.message.includes(crash.detail) ? { ...outcome, crash } : outcome
}

// The ports a Python program on a shared host has mapped by the shim: the spec's port and the assignment's other ports
// to the one it was given, and the origin's real port (80) to the port the grader's origin got
function shimPortMaps(assignment: Assignment, port: number, originPort: number | undefined): PortMapping[] {
  const own = [assignment.port, ...(assignment['other-ports'] ?? [])].filter((from) => from !== port).map((from) => ({ from, to: port }))
  return [...own, ...(originPort !== undefined && assignment.origin ? [{ from: assignment.origin.port, to: originPort }] : [])]
}

// A client check, and the client's crash when that is why it failed (the run the probe judged ended with an error)
async function runClientCheck(
  probe: ClientProbe<unknown>,
  check: RubricCheck,
  context: CheckContext,
  runners: { runClient: (lines: number) => Promise<ClientSession>; runClientDialogue: (dialogue?: string) => Promise<ClientDialogueRun>; runClientPings: () => Promise<PingRun> },
): Promise<Outcome> {
  let judged: ClientSession | undefined
  const outcome = await runCheck(check, context, (ctx) =>
    probe.run({ ...ctx, runClient: async (lines) => (judged = await runners.runClient(lines)), runClientDialogue: async (dialogue) => (judged = await runners.runClientDialogue(dialogue)),
      runClientPings: async () => (judged = await runners.runClientPings()),
    }),
  )
  if (outcome.status !== 'failed' || !judged || judged.timedOut || judged.stdoutOverflowed) return outcome
  const crash = crashOf('client', judged.exit, judged.stderr)
  return crash ? { ...outcome, crash } : outcome
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}
