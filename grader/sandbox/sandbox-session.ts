import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { GradingDeadlineError, InternalError } from '../errors.js'
import type { GradeJob } from '../grade.js'
import { packageRoot } from '../paths.js'
import { makeScratch, removeScratch } from '../process/scratch.js'
import type { GradeReport } from '../report.js'
import { privateCopy, type PrivateCopy } from '../submission/private-copy.js'
import { unfinishedReport } from '../unfinished-report.js'
import { OUTER_KILL_AFTER_MS } from '../worker/grade-in-worker.js'
import type { LoopJob, LoopReply } from '../worker/worker-loop.js'
import { SANDBOX_SUBMISSION } from './bwrap-argv.js'
import { insideJob, newStudentUid, sandboxLaunch, type SandboxLaunch, type SandboxOptions } from './grade-in-sandbox.js'

const STDERR_TAIL_BYTES = 4096
// A worker whose input ended exits at once; past this bound (a bound on the wait, not a pause) it is killed
const CLOSE_WITHIN_MS = 1000

/** A job of a session: the deadline and its start are set, as prepareGrading sets them */
export type SessionJob = GradeJob & { readonly deadlineMs: number; readonly startedAt: number }

// One sandbox that grades students one after another, for a batch: the worker inside starts once (Node's start and the
// grader's imports, about 0.2 s of CPU a student otherwise), and empties the sandbox after each student. Each student's
// files are copied into the one folder the sandbox shows as /submission, and only while that student is graded. A
// sandbox that is not clean afterwards, or a grading past its deadline, ends the session: the caller starts another
export class SandboxSession {
  private readonly scratch: string
  private readonly inbox: string
  private readonly launch: SandboxLaunch
  private readonly child: ChildProcess
  private readonly replies: AsyncIterator<string>
  private readonly studentUid = newStudentUid()
  private stderrTail = ''
  private ended = false
  /** What the last grading left in the sandbox (why the session ended), for diagnostics */
  lastLeftovers: readonly string[] = []
  private readonly exited: Promise<void>

  constructor(options: SandboxOptions) {
    this.scratch = makeScratch(tmpdir(), 'sockgrade-session-')
    this.inbox = join(this.scratch, 'inbox')
    mkdirSync(this.inbox)
    this.launch = sandboxLaunch(options, this.scratch, this.inbox)
    const [command, ...args] = [...this.launch.wrapper, process.execPath, join(packageRoot, 'dist', 'grader', 'worker', 'worker-loop.js')]
    // Its own process group: killing it takes the sandbox (bubblewrap dies with its parent, the namespace with it)
    this.child = spawn(command as string, args, { cwd: packageRoot, env: process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true })
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES)
    })
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()))
    this.child.on('exit', () => (this.ended = true))
    this.child.stdin?.on('error', () => (this.ended = true))
    this.replies = createInterface({ input: this.child.stdout as NodeJS.ReadableStream, crlfDelay: Infinity })[Symbol.asyncIterator]()
  }

  /** The reference folder this sandbox shows: a job answered by another reference needs another session */
  get referenceDir(): string | undefined {
    return this.launch.referenceDir
  }

  /** Still able to grade the next student */
  get usable(): boolean {
    return !this.ended
  }

  // Grade one student in this sandbox; a failure of the sandbox itself is a report that says so, and ends the session
  async grade(job: SessionJob): Promise<GradeReport> {
    let copy: PrivateCopy
    try {
      copy = privateCopy(job.submission, job.label ?? job.submission, this.inbox, undefined)
    } catch (error) {
      // A folder that is missing or cannot be copied: the student's not-gradable report; the sandbox is untouched
      return unfinishedReport(job, error, { started: job.startedAt, deadlineMs: job.deadlineMs })
    }
    const { dir, notes } = copy
    const inside = insideJob(job, this.launch, `${SANDBOX_SUBMISSION}/${dir.slice(this.inbox.length + 1)}`, this.studentUid)
    let timer: NodeJS.Timeout | undefined
    try {
      const tag = randomUUID()
      this.child.stdin?.write(`${JSON.stringify({ tag, job: inside } satisfies LoopJob)}\n`)
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), Math.max(0, job.startedAt + job.deadlineMs + OUTER_KILL_AFTER_MS - Date.now()))
      })
      const reply = await Promise.race([this.replies.next(), late])
      if (reply === 'late') {
        this.stop()
        return unfinishedReport(job, new GradingDeadlineError(job.deadlineMs), { started: job.startedAt, deadlineMs: job.deadlineMs })
      }
      if (reply.done) {
        this.stop()
        return unfinishedReport(job, new InternalError(`The grading sandbox ended before its report${this.stderrTail.trim() ? `: ${this.stderrTail.trim()}` : ''}`), { started: job.startedAt, deadlineMs: job.deadlineMs })
      }
      const parsed = parseReply(reply.value)
      if (parsed?.tag !== tag) {
        this.stop()
        return unfinishedReport(job, new InternalError('The grading sandbox answered with something other than this student\'s report'), { started: job.startedAt, deadlineMs: job.deadlineMs })
      }
      const { report, leftovers } = parsed
      this.lastLeftovers = leftovers
      // Not as clean as a new sandbox: the next student gets a new one
      if (leftovers.length) this.stop()
      const allNotes = [...notes, ...(report.notes ?? [])]
      return { ...report, ...(allNotes.length ? { notes: allNotes } : {}), durationMs: Date.now() - job.startedAt }
    } finally {
      clearTimeout(timer)
      removeScratch(dir)
    }
  }

  // Kill the sandbox now (its process group: bubblewrap, the worker, every student program)
  stop(): void {
    this.ended = true
    try {
      process.kill(-(this.child.pid as number), 'SIGKILL')
    } catch {
      // gone already
    }
    removeScratch(this.scratch)
  }

  // End the session: the worker's input ends, so it exits and the sandbox with it, each process collected by its
  // parent (nothing is left for init to collect); killed when that takes more than a second
  async close(): Promise<void> {
    this.ended = true
    this.child.stdin?.end()
    const exited = await Promise.race([this.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CLOSE_WITHIN_MS).unref())])
    if (!exited) this.stop()
    removeScratch(this.scratch)
  }
}

// A line of the worker's, or undefined when it is not JSON at all
function parseReply(line: string): LoopReply | undefined {
  try {
    return JSON.parse(line) as LoopReply
  } catch {
    return undefined
  }
}
