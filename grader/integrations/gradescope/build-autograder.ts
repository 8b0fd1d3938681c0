import { createHash } from 'node:crypto'
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { ZipFile } from 'yazl'
import { findAssignment, knownAssignments } from '../../assignments/load.js'
import { courseFiles, COURSE_RUBRIC } from './course-files.js'
import { UsageError } from '../../errors.js'
import { defaultRubricPath } from '../../paths.js'
import { loadRubricFile } from '../../rubric/load.js'
import { sockgradeVersion } from '../../version.js'
import { packSockgrade } from '../package/pack.js'
import { runAutograderScript, setupScript, timeLimitSeconds } from './scripts.js'

export interface AutograderOptions {
  readonly assignment: string
  /** A course folder (assignments/, reference/, rubric.yaml), resolved: the assignment and its checks may come from it */
  readonly courseDir?: string
  /** A rubric file of the course's; the bundled rubric.yaml (inside the tarball) when absent */
  readonly rubricPath?: string
  /** How messages name the rubric file */
  readonly rubricLabel?: string
  readonly out: string
  readonly seed: number
  readonly timeoutScale: number
}

/** What the zip's sockgrade-autograder.json records: which sockgrade grades what, with which rubric */
export interface AutograderManifest {
  readonly assignment: string
  readonly sockgradeVersion: string
  readonly tarball: string
  /** `rubric.yaml` or `course/rubric.yaml` in the zip, or `bundled` */
  readonly rubric: string
  /** sha256 of the rubric file's bytes */
  readonly rubricSha256: string
  readonly seed: number
  readonly timeoutScale: number
  /** How long run_autograder lets sockgrade run, in seconds */
  readonly timeLimitS: number
}

export interface BuiltAutograder {
  readonly manifest: AutograderManifest
  /** The zip's entries, in order */
  readonly entries: readonly string[]
  readonly bytes: number
}

// One date for every entry, so the same inputs give the same zip (npm pack does the same for the tarball)
const ENTRY_TIME = new Date('2000-01-01T00:00:00Z')

// Write a Gradescope autograder zip: setup.sh, run_autograder, sockgrade's own tarball (installed offline by
// setup.sh), the course's rubric when given (validated now: a broken rubric is found here, not by a student), and
// sockgrade-autograder.json. Written beside `out` and renamed, so a failed build leaves no half zip
export async function buildAutograder(options: AutograderOptions): Promise<BuiltAutograder> {
  if (options.courseDir && options.rubricPath) throw new UsageError('Give --course or --rubric, not both: a course folder brings its own rubric.yaml')
  const course = options.courseDir ? courseFiles(options.courseDir, options.assignment) : undefined
  if (!findAssignment(options.assignment)) throw new UsageError(`Unknown assignment "${options.assignment}" (known: ${[...knownAssignments().keys()].join(', ')})`)
  const rubricPath = options.rubricPath ?? defaultRubricPath
  const rubric = course ? undefined : loadRubricFile(rubricPath, options.rubricLabel ?? basename(rubricPath))
  if (rubric && !rubric.assignments.has(options.assignment)) throw new UsageError(`The rubric "${options.rubricLabel ?? rubricPath}" has no checks for assignment "${options.assignment}"`)
  const rubricBytes = course?.rubric ?? readFileSync(rubricPath)
  const work = mkdtempSync(join(tmpdir(), 'sockgrade-gradescope-'))
  try {
    const tarball = await packSockgrade(work)
    const manifest: AutograderManifest = {
      assignment: options.assignment,
      sockgradeVersion: sockgradeVersion(),
      tarball: tarball.filename,
      rubric: course?.rubric ? COURSE_RUBRIC : options.rubricPath ? 'rubric.yaml' : 'bundled',
      rubricSha256: createHash('sha256').update(rubricBytes).digest('hex'),
      seed: options.seed,
      timeoutScale: options.timeoutScale,
      timeLimitS: timeLimitSeconds(options.timeoutScale),
    }
    const settings = { assignment: options.assignment, tarball: tarball.filename, rubric: options.rubricPath !== undefined, course: course !== undefined, seed: options.seed, timeoutScale: options.timeoutScale, timeLimitS: manifest.timeLimitS }
    const zip = new ZipFile()
    const entries: string[] = []
    const add = (data: Buffer | string, name: string, mode: number) => {
      zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'), name, { mode, mtime: ENTRY_TIME })
      entries.push(name)
    }
    // Gradescope looks for these two at the zip's root
    add(setupScript(settings), 'setup.sh', 0o100755)
    add(runAutograderScript(settings), 'run_autograder', 0o100755)
    add(readFileSync(tarball.path), tarball.filename, 0o100644)
    if (options.rubricPath) add(rubricBytes, 'rubric.yaml', 0o100644)
    for (const [name, data] of course?.files ?? []) add(data, name, 0o100644)
    add(`${JSON.stringify(manifest, null, 2)}\n`, 'sockgrade-autograder.json', 0o100644)
    zip.end()
    const partial = join(dirname(options.out), `.${basename(options.out)}.${process.pid}.tmp`)
    try {
      // Its folder made as batch --out makes its own
      mkdirSync(dirname(options.out), { recursive: true })
      await pipeline(zip.outputStream, createWriteStream(partial))
      renameSync(partial, options.out)
    } catch (error) {
      rmSync(partial, { force: true })
      throw new UsageError(`Cannot write "${options.out}": ${(error as Error).message}`)
    }
    return { manifest, entries, bytes: readFileSync(options.out).length }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
