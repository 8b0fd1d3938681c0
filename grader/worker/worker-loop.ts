import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { grade, type GradeJob } from '../grade.js'
import { killProgramsOnSignal } from '../process/cleanup-on-signal.js'
import { closeInheritedDescriptors } from './close-inherited.js'
import { setTimeout as delay } from 'node:timers/promises'
import { allPids, boundSocketsOf, hasExited, namespaceSockets } from '../process/proc-sockets.js'
import type { GradeReport } from '../report.js'
import { killSubmissionProcesses } from '../sandbox/namespace-programs.js'

/** One line of the loop's stdin: a job, and a tag of the session's (random, new for each job) that its reply repeats */
export interface LoopJob {
  readonly tag: string
  readonly job: GradeJob
}

/** One line of the loop's stdout: a report, and whether the sandbox is as clean as a new one for the next student */
export interface LoopReply {
  /** The tag of the job this answers (LoopJob), so a line that is not the answer to this job is never taken for it */
  readonly tag: string
  readonly report: GradeReport
  /** Empty when clean: else what was left (a process, a socket, a file the worker could not remove) */
  readonly leftovers: readonly string[]
}

// A batch's reusable grading worker inside a sandbox: one GradeJob per line on stdin, one LoopReply per line on
// stdout, until stdin ends. After each grading it empties the sandbox for the next student (every process but pid 1
// and itself killed, /tmp emptied) and says whether that worked; the batch replaces a sandbox that is not clean
async function run(): Promise<void> {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue
    const { tag, job } = JSON.parse(line) as LoopJob
    const report = await grade(job)
    const leftovers = await emptySandbox()
    process.stdout.write(`${JSON.stringify({ tag, report, leftovers } satisfies LoopReply)}\n`)
  }
  process.exit(0)
}

// What the next student must not find: processes, sockets bound or listening (ours or not), files in /tmp
async function emptySandbox(): Promise<string[]> {
  await killSubmissionProcesses()
  const leftovers: string[] = []
  // What the sandbox itself mounted under /tmp (the grader's code when it is installed there) is not the student's
  const mounted = mountPointsUnder('/tmp/')
  for (const name of readdirSync('/tmp')) {
    if (mounted.some((point) => point === `/tmp/${name}` || point.startsWith(`/tmp/${name}/`))) continue
    try {
      rmSync(`/tmp/${name}`, { recursive: true, force: true })
    } catch (error) {
      leftovers.push(`/tmp/${name}: ${(error as Error).message}`)
    }
  }
  // A killed process takes a moment to be collected and to release its sockets, longer on a loaded machine
  let left = await whatIsLeft()
  for (const until = Date.now() + SETTLE_MS; left.length && Date.now() < until; left = await whatIsLeft()) await delay(20)
  return [...leftovers, ...left]
}

const SETTLE_MS = 1000

// Mount points below a folder, from this process's mount table (field 5 of /proc/self/mountinfo, octal-escaped)
function mountPointsUnder(folder: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => (line.split(' ')[4] ?? '').replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))))
    .filter((point) => point.startsWith(folder))
}

// Processes other than pid 1 and this worker that have not exited, and sockets bound or listening, ours included
async function whatIsLeft(): Promise<string[]> {
  const left: string[] = []
  const others: number[] = []
  for (const pid of await allPids()) if (pid !== 1 && pid !== process.pid && !(await hasExited(pid))) others.push(pid)
  if (others.length) left.push(`processes ${others.join(', ')}`)
  for (const socket of [...(await namespaceSockets(['udp', 'tcp'])), ...(await boundSocketsOf(process.pid, ['udp', 'tcp'], { withChildren: false }))]) {
    left.push(`a ${socket.transport} socket on port ${socket.port}`)
  }
  return left
}

closeInheritedDescriptors()
killProgramsOnSignal()
run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`, () => process.exit(2))
})
