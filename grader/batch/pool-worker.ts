// A batch pool's worker process: grades the students it is sent, one at a time, with the same entry point as
// `sockgrade grade`. It lives for many gradings, so Node's start, the imports and Python's resolution are paid once
import { referenceAnswerOf } from '../assignments/assignment.js'
import { gradeOnHost, gradeSubmission, isFolder, prepareGrading } from '../grade-submission.js'
import { resolvePython } from '../process/python.js'
import { SandboxSession } from '../sandbox/sandbox-session.js'
import { killProgramsOnSignal } from '../process/cleanup-on-signal.js'
import { removeAllScratch } from '../process/scratch.js'
import { killAllPrograms } from '../process/start-program.js'
import type { GradeReport } from '../report.js'
import { loadRubricFile } from '../rubric/load.js'
import type { Rubric } from '../rubric/rubric.js'
import type { GradeDone, GradeRequest } from './pool-messages.js'
import { knownAssignments } from '../assignments/load.js'
import { openCourse, type OpenCourse } from '../course/open-course.js'

// The pool stops a grading past its deadline with SIGTERM: its student programs (in their own process groups) go too
killProgramsOnSignal()

// The batch died (even by SIGKILL): the IPC channel closes, and nothing this worker started may outlive it
process.on('disconnect', () => {
  killAllPrograms()
  removeAllScratch()
  void (session?.close() ?? Promise.resolve()).then(() => process.exit(0))
})

// A signal ends this process through process.exit: the sandbox (its own process group) goes first
process.on('exit', () => session?.stop())

const rubrics = new Map<string, Rubric>()

process.on('message', (message: GradeRequest) => {
  void grade(message).then((done) => process.send?.(done))
})

async function grade(request: GradeRequest): Promise<GradeDone> {
  try {
    return { type: 'report', studentId: request.studentId, report: await gradeOne(request) }
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error))
    return { type: 'failed', studentId: request.studentId, message: failure.message, stack: failure.stack }
  }
}

let session: SandboxSession | undefined

// In a sandbox: one sandbox for student after student (a new one when the last was not left clean); on the host: as
// `sockgrade grade` does it
async function gradeOne(request: GradeRequest): Promise<GradeReport> {
  const course = request.courseDir ? courseAt(request.courseDir) : undefined
  const rubric = request.rubricPath ? rubricAt(request.rubricPath) : course?.rubric
  const options = {
    submission: request.dir,
    label: request.studentId,
    assignment: request.assignment,
    rubric,
    seed: request.seed,
    timeoutScale: request.timeoutScale,
    isolation: request.isolation,
  }
  // SOCKGRADE_FRESH_SANDBOX=1: a new sandbox for every student, as `sockgrade grade` does (for comparison)
  if (process.env.SOCKGRADE_FRESH_SANDBOX === '1') return gradeSubmission(options)
  const { job, isolation } = await prepareGrading(options)
  if (isolation.mode === 'host' || !isFolder(job.submission)) return gradeOnHost(job)
  const referenceDir = referenceAnswerOf(job.assignment)?.dir
  // A sandbox shows one reference folder: a student answered by another gets a new one
  if (session?.usable && session.referenceDir !== referenceDir) await session.close()
  if (!session?.usable) {
    session = new SandboxSession({ python: (await resolvePython()).executable, backend: isolation.backend, ...(referenceDir ? { referenceDir } : {}) })
  }
  return session.grade(job)
}

function rubricAt(path: string): Rubric {
  let rubric = rubrics.get(path)
  if (!rubric) rubrics.set(path, (rubric = loadRubricFile(path, path, knownAssignments())))
  return rubric
}

const courses = new Map<string, OpenCourse>()

// The course's assignments made known in this worker, once
function courseAt(dir: string): OpenCourse {
  let course = courses.get(dir)
  if (!course) courses.set(dir, (course = openCourse({ dir, how: '--course' }, process.cwd())))
  return course
}
