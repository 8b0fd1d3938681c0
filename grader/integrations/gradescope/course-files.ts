import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import { UsageError } from '../../errors.js'
import { openCourse } from '../../course/open-course.js'

/** Where the zip keeps the course: run_autograder passes it as --course */
export const COURSE_FOLDER = 'course'
export const COURSE_RUBRIC = `${COURSE_FOLDER}/rubric.yaml`

/** What of a course goes into an autograder zip: its files by name in the zip, and the rubric's bytes among them */
export interface CourseFiles {
  readonly files: ReadonlyMap<string, Buffer>
  readonly rubric: Buffer | undefined
}

// The course as the zip needs it to grade one assignment: that assignment's folder (when it is the course's) and a
// rubric.yaml holding only its checks, so no other assignment's files are needed to load it. Loading the course here
// checks every file of it (file:line:col). Undefined when the course changes nothing about the assignment. An assignment answered by a reference server is refused: it grades on
// the host, where a student program could read the reference, until the sandbox runs references
// `runner`: what would grade there, in the refusal ("a Gradescope autograder")
export function courseFiles(courseDir: string, id: string, runner = 'a Gradescope autograder'): CourseFiles | undefined {
  const course = openCourse({ dir: courseDir, how: '--course' }, process.cwd())
  const files = new Map<string, Buffer>()
  if (course.ids.includes(id)) {
    const dir = join(courseDir, 'assignments', id)
    const assignment = parse(readFileSync(join(dir, 'assignment.yaml'), 'utf8')) as { answer?: unknown }
    if (typeof assignment.answer === 'object' && assignment.answer !== null && 'reference' in assignment.answer) {
      throw new UsageError(`"${id}" is answered by a reference server, which ${runner} cannot run yet: it would grade on the host, where a student program can read the reference`)
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile()) files.set(`${COURSE_FOLDER}/assignments/${id}/${entry.name}`, readFileSync(join(dir, entry.name)))
    }
  }
  const rubricPath = join(courseDir, 'rubric.yaml')
  const checks = existsSync(rubricPath) ? (parse(readFileSync(rubricPath, 'utf8')) as { assignments?: Record<string, unknown> }).assignments?.[id] : undefined
  if (!checks && !course.rubric.assignments.has(id)) throw new UsageError(`The course's rubric.yaml has no checks for assignment "${id}"`)
  const rubric = checks ? Buffer.from(`# ${id}'s checks, from the course's rubric.yaml\n${stringify({ version: 1, assignments: { [id]: checks } })}`) : undefined
  if (rubric) files.set(COURSE_RUBRIC, rubric)
  return files.size ? { files, rubric } : undefined
}
