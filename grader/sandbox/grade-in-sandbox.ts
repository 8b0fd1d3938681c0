import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GradeJob } from '../grade.js'
import { packageRoot } from '../paths.js'
import type { GradeReport } from '../report.js'
import { gradeInWorker } from '../worker/grade-in-worker.js'
import { bwrapArgv, installPrefix, SANDBOX_SUBMISSION } from './bwrap-argv.js'
import { sandboxHostsFile } from './hosts-file.js'
import { DEFAULT_LIMITS } from './limits.js'

// The uid student programs run as when the sandbox itself runs as root ("nobody")
const STUDENT_UID = 65534
// A size-capped /tmp holds the private copy of the submission and whatever the programs write
const SANDBOX_TMP_BYTES = 64 * 1024 * 1024

export interface SandboxOptions {
  /** The real Python interpreter (resolved outside), made visible inside */
  readonly python: string
  /** The whole grading must end by then, or the sandbox is killed */
  readonly deadlineMs: number
}

// Grade inside a bubblewrap sandbox: the grading worker and the student programs share a private network
// namespace (loopback only, port 12000 free for every submission), a pid namespace that takes every process
// with it when it ends, and a read-only view of the system with nothing of other submissions
export async function gradeInSandbox(job: GradeJob, options: SandboxOptions): Promise<GradeReport> {
  const started = Date.now()
  const scratch = mkdtempSync(join(tmpdir(), 'sockgrade-sandbox-'))
  try {
    const hostsFile = join(scratch, 'hosts')
    writeFileSync(hostsFile, sandboxHostsFile())
    const asRoot = process.getuid?.() === 0
    const wrapper = bwrapArgv(
      {
        submissionDir: job.submission,
        packageRoot,
        hostsFile,
        readOnlyPaths: [installPrefix(options.python), installPrefix(process.execPath)],
        tmpBytes: SANDBOX_TMP_BYTES,
        asRoot,
      },
      [],
    )
    const inside: GradeJob = {
      ...job,
      submission: SANDBOX_SUBMISSION,
      label: job.label ?? job.submission,
      isolation: 'sandbox',
      python: options.python,
      limits: job.limits ?? DEFAULT_LIMITS,
      ...(asRoot ? { studentUid: STUDENT_UID } : {}),
    }
    const report = await gradeInWorker(inside, { wrapper, deadlineMs: options.deadlineMs })
    // The time a user waits, sandbox set-up included
    return { ...report, durationMs: Date.now() - started }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
