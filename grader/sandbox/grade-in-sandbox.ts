import { realpathSync, writeFileSync } from 'node:fs'
import { makeScratch, removeScratch } from '../process/scratch.js'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GradeJob } from '../grade.js'
import { InternalError } from '../errors.js'
import { packageRoot } from '../paths.js'
import type { GradeReport } from '../report.js'
export { newStudentUid } from './student-uid.js'
import { gradeInWorker } from '../worker/grade-in-worker.js'
import { bwrapArgv, installPrefix, SANDBOX_REFERENCE, SANDBOX_SUBMISSION } from './bwrap-argv.js'
import { referenceAnswerOf } from '../assignments/assignment.js'
import type { SandboxBackend } from './detect.js'
import { sandboxHostsFile, sandboxResolvConf } from './hosts-file.js'
import { DEFAULT_LIMITS } from './limits.js'
import { roomConfig, type RoomConfig } from './room.js'
import { newStudentUid } from './student-uid.js'
import { TIME_WAIT_SYSCTL, unshareArgv } from './unshare-argv.js'

// A size-capped /tmp holds the private copy of the submission and whatever the programs write
const SANDBOX_TMP_BYTES = 64 * 1024 * 1024

// Inside bubblewrap, before the worker: no TIME_WAIT in the sandbox's network namespace, or a textbook TCP server
// (no SO_REUSEADDR) that closed a connection first holds port 12000 for a minute, and the grader's own server cannot
// listen there for the client checks. The unshare backend does it in its set-up script. Without root the worker keeps
// the capabilities of its user namespace's uid 0 (bwrap-argv.ts): it builds each student room with them, and no
// student program runs in its room (room.ts drops them all)
const NO_TIME_WAIT = ['/bin/sh', '-c', `{ echo 0 >${TIME_WAIT_SYSCTL}; } 2>/dev/null; exec "$@"`, 'sockgrade-sandbox']

export interface SandboxOptions {
  /** The real Python interpreter (resolved outside), made visible inside */
  readonly python: string
  /** What builds the sandbox (detectIsolation's choice); bubblewrap when absent */
  readonly backend?: SandboxBackend
  /** The folder of the reference server that answers the assignment, when one does: shown to the worker only */
  readonly referenceDir?: string
}

/** How to start a sandbox: the words before the worker's command, and what the job inside needs to know */
export interface SandboxLaunch {
  readonly wrapper: readonly string[]
  /** The interpreter's real path, visible inside */
  readonly python: string
  readonly asRoot: boolean
  /** The student room every program of a grading is started in */
  readonly room: RoomConfig
  /** The reference folder this sandbox shows (SandboxOptions.referenceDir) */
  readonly referenceDir?: string
}

// The sandbox's argv for a folder shown as /submission, with the hosts file and work folder in `scratch`
export function sandboxLaunch(options: SandboxOptions, scratch: string, submissionDir: string): SandboxLaunch {
  const hostsFile = join(scratch, 'hosts')
  writeFileSync(hostsFile, sandboxHostsFile())
  const resolvFile = join(scratch, 'resolv.conf')
  writeFileSync(resolvFile, sandboxResolvConf())
  const asRoot = process.getuid?.() === 0
  // A venv's python is a link to the installation's: the sandbox shows the installation, so launch that file
  const python = realpathSync(options.python)
  const view = {
    submissionDir,
    packageRoot,
    hostsFile,
    resolvFile,
    readOnlyPaths: [installPrefix(python), installPrefix(process.execPath)].filter((path) => path !== '/'),
    tmpBytes: SANDBOX_TMP_BYTES,
    asRoot,
    ...(options.referenceDir ? { referenceDir: options.referenceDir } : {}),
  }
  const backend = options.backend ?? 'bwrap'
  const wrapper = backend === 'unshare' ? unshareArgv({ ...view, workDir: scratch }, []) : [...bwrapArgv(view, []), ...NO_TIME_WAIT]
  const room = roomConfig({ backend, asRoot, readOnlyPaths: view.readOnlyPaths, hidden: [packageRoot, SANDBOX_SUBMISSION, SANDBOX_REFERENCE], tmpBytes: SANDBOX_TMP_BYTES, python })
  return { wrapper, python, asRoot, room, ...(options.referenceDir ? { referenceDir: options.referenceDir } : {}) }
}

// The job as the worker inside sees it: the submission (and a reference server's folder) at its path inside, the
// interpreter, the limits, and (as root) a uid of the sandbox's own for the student programs
export function insideJob(job: GradeJob, launch: SandboxLaunch, submission: string, studentUid?: number): GradeJob {
  const reference = referenceAnswerOf(job.assignment)
  if (reference && reference.dir !== launch.referenceDir) throw new InternalError(`This sandbox does not show the reference folder of "${job.assignment.id}"`)
  return {
    ...job,
    ...(reference ? { assignment: { ...job.assignment, answer: { ...reference, dir: SANDBOX_REFERENCE } } } : {}),
    submission,
    label: job.label ?? job.submission,
    isolation: 'sandbox',
    python: launch.python,
    limits: job.limits ?? DEFAULT_LIMITS,
    room: launch.room,
    ...(launch.asRoot ? { studentUid: studentUid ?? newStudentUid() } : {}),
  }
}

// Grade inside a sandbox built by bubblewrap or util-linux unshare (the same view either way): the grading worker
// and the student programs share a private network namespace (loopback only, port 12000 free for every submission),
// a pid namespace that takes every process with it when it ends, and a read-only view of the system with nothing of
// other submissions
export async function gradeInSandbox(job: GradeJob, options: SandboxOptions): Promise<GradeReport> {
  const started = Date.now()
  const scratch = makeScratch(tmpdir(), 'sockgrade-sandbox-')
  try {
    const reference = referenceAnswerOf(job.assignment)
    const launch = sandboxLaunch({ ...options, ...(reference ? { referenceDir: reference.dir } : {}) }, scratch, job.submission)
    const report = await gradeInWorker(insideJob(job, launch, SANDBOX_SUBMISSION), { wrapper: launch.wrapper })
    // The time a user waits, sandbox set-up included
    return { ...report, durationMs: Date.now() - (job.startedAt ?? started) }
  } finally {
    removeScratch(scratch)
  }
}
