import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { parse, stringify } from 'yaml'
import { UsageError } from '../../errors.js'
import { openCourse } from '../../course/open-course.js'
import { referenceAnswerOf } from '../../assignments/assignment.js'
import { findAssignment } from '../../assignments/load.js'

/** Where the zip keeps the course: run_autograder passes it as --course */
export const COURSE_FOLDER = 'course'
export const COURSE_RUBRIC = `${COURSE_FOLDER}/rubric.yaml`

/** What of a course goes into an autograder zip: its files by name in the zip, and the rubric's bytes among them */
export interface CourseFiles {
  readonly files: ReadonlyMap<string, Buffer>
  readonly rubric: Buffer | undefined
}

// The course as the zip needs it to grade one assignment: that assignment's folder (when it is the course's), its
// reference server's folder when one answers it (broken variants left out: only what the oracle runs), and a
// rubric.yaml holding only its checks, so no other assignment's files are needed to load it. Loading the course here
// checks every file of it (file:line:col). Undefined when the course changes nothing about the assignment.
// `refuseReference`: where a reference must not go, why (a student's own repository, which the student reads)
export function courseFiles(courseDir: string, id: string, options: { refuseReference?: string } = {}): CourseFiles | undefined {
  const course = openCourse({ dir: courseDir, how: '--course' }, process.cwd())
  const files = new Map<string, Buffer>()
  if (course.ids.includes(id)) {
    const dir = join(courseDir, 'assignments', id)
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile()) files.set(`${COURSE_FOLDER}/assignments/${id}/${entry.name}`, readFileSync(join(dir, entry.name)))
    }
    // As openCourse just loaded it (and made it known by its id)
    const reference = referenceAnswerOf(findAssignment(id) ?? {})
    if (reference && options.refuseReference) throw new UsageError(`"${id}" is answered by a reference server, which cannot go there: ${options.refuseReference}`)
    if (reference) for (const [name, bytes] of referenceFiles(reference.dir)) files.set(`${COURSE_FOLDER}/${REFERENCE_FOLDER}/${id}/${name}`, bytes)
  }
  const rubricPath = join(courseDir, 'rubric.yaml')
  const checks = existsSync(rubricPath) ? (parse(readFileSync(rubricPath, 'utf8')) as { assignments?: Record<string, unknown> }).assignments?.[id] : undefined
  if (!checks && !course.rubric.assignments.has(id)) throw new UsageError(`The course's rubric.yaml has no checks for assignment "${id}"`)
  const rubric = checks ? Buffer.from(`# ${id}'s checks, from the course's rubric.yaml\n${stringify({ version: 1, assignments: { [id]: checks } })}`) : undefined
  if (rubric) files.set(COURSE_RUBRIC, rubric)
  return files.size ? { files, rubric } : undefined
}

/** Where the course's reference servers are, in the course folder and in the zip */
export const REFERENCE_FOLDER = 'reference'

// Every file of a reference folder but its broken variants, by path relative to it
function referenceFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = relative(dir, join(entry.parentPath, entry.name))
    const top = path.split(sep)[0]
    if (!entry.isFile() || top === 'broken' || top === '__pycache__' || path.split(sep).includes('__pycache__')) continue
    files.set(path.split(sep).join('/'), readFileSync(join(dir, path)))
  }
  return files
}
