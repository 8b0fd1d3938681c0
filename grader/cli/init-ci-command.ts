import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { findAssignment, knownAssignments } from '../assignments/load.js'
import { COURSE_VARIABLE, courseChoice, openCourse } from '../course/open-course.js'
import { COURSE_FOLDER, courseFiles } from '../integrations/gradescope/course-files.js'
import { findAssignmentFor } from '../check/find-assignment.js'
import { UsageError } from '../errors.js'
import { fileErrorText } from '../fs-errors.js'
import { sockgradeWorkflow, VENDOR_DIR, WORKFLOW_FILE } from '../integrations/github/workflow.js'
import { packSockgrade } from '../integrations/package/pack.js'
import { sockgradeVersion } from '../version.js'
import type { CliIo } from './io.js'
import { parseCommandArgs } from './options.js'

/** Where the course's files for the assignment go in the repository, beside the packed sockgrade */
const COURSE_DIR = `${VENDOR_DIR}/${COURSE_FOLDER}`

export const INIT_CI_USAGE = `Usage: sockgrade init-ci [dir] [options]

Writes ${WORKFLOW_FILE} into a repository (for GitHub Classroom: the assignment's template
repository), and sockgrade itself packed beside it in ${VENDOR_DIR}/ (about 1.5 MB, its dependencies inside), so
the workflow installs it with no registry. On every push and pull request GitHub Actions then grades the work with
sockgrade check, annotates the failed checks, writes the job summary, uploads the JUnit file and the HTML report,
and reports the points in the form GitHub Classroom records.

Options:
  -a, --assignment <id>   the assignment to grade (default: as sockgrade check finds it, from sockgrade.yaml or
                          the programs in the folder)
  --course <dir>          a course folder (default: $${COURSE_VARIABLE}): the assignment and its checks from it,
                          committed in ${COURSE_DIR}/ (students can read them there: an assignment answered
                          by a reference server is refused)
  -f, --force             replace the workflow file (and the packed sockgrade) when there is one already
  --from-registry         install sockgrade@<this version> from the npm registry instead of packing it
  -h, --help              show this help

Examples:
  sockgrade init-ci --assignment uppercase-udp
  sockgrade init-ci my-template -a multiline-tcp --force
  sockgrade init-ci my-template -a status-udp --course ~/networks-course

Exit codes: 0 written, 2 bad usage (no folder, an unknown or undecidable assignment, a workflow file there
already without --force) or a file that could not be written.
`

// `sockgrade init-ci [dir]`: writes the grading workflow into the folder and says what to commit
export async function initCiCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    assignment: { type: 'string', short: 'a' },
    force: { type: 'boolean', short: 'f' },
    'from-registry': { type: 'boolean' },
    course: { type: 'string' },
  })
  if (positionals.length > 1) throw new UsageError(`Expected at most one folder, got ${positionals.length}`)
  const label = positionals[0] ?? '.'
  const dir = resolve(io.cwd ?? process.cwd(), label)
  if (!isFolder(dir)) throw new UsageError(`Cannot find the folder "${label}"`)
  const chosen = courseChoice(values.course, io.env, io.cwd ?? process.cwd())
  if (chosen) openCourse(chosen, io.cwd ?? process.cwd())
  const found = values.assignment ? { id: values.assignment, how: 'as asked' } : findAssignmentFor(dir, label)
  if (!findAssignment(found.id)) throw new UsageError(`Unknown assignment "${found.id}" (known: ${[...knownAssignments().keys()].join(', ')})`)
  // What the course changes about the assignment, committed beside the workflow (none: graded as bundled)
  const course = chosen ? courseFiles(chosen.dir, found.id, { refuseReference: 'the workflow grades in the student\'s own repository, where the student can read every file (answer it with a table or a built-in, or grade it on Gradescope or PrairieLearn)' }) : undefined
  const path = join(dir, WORKFLOW_FILE)
  const shown = label === '.' ? WORKFLOW_FILE : join(label, WORKFLOW_FILE)
  if (existsSync(path) && !values.force) throw new UsageError(`${shown} exists already: add --force to replace it`)
  const version = sockgradeVersion()
  let tarball: string | undefined
  try {
    mkdirSync(dirname(path), { recursive: true })
    if (!values['from-registry']) tarball = await vendorSockgrade(dir)
    if (course) writeCourse(dir, course.files)
    writeFileSync(path, sockgradeWorkflow({ assignment: found.id, version, tarball, ...(course ? { course: `${VENDOR_DIR}/${COURSE_FOLDER}` } : {}) }))
  } catch (error) {
    io.stderr.write(`sockgrade: Cannot write ${shown}: ${fileErrorText(error)}\n`)
    return 2
  }
  const git = label === '.' ? 'git' : `git -C ${quoted(label)}`
  // A .gitignore with *.tgz (GitHub's Node.js one) makes a plain git add refuse the tarball
  const force = tarball !== undefined && (await gitIgnores(dir, tarball))
  const added = [WORKFLOW_FILE, ...(tarball ? [tarball] : []), ...(course ? [COURSE_DIR] : [])]
  io.stdout.write(
    `Wrote ${shown}: grades ${found.id} (${found.how}) with sockgrade ${version} on every push and pull request\n` +
      (tarball ? `and the packed sockgrade it installs in ${tarball}\n` : '') +
      (course ? `and the course's ${found.id} files it grades with in ${COURSE_DIR}/ (from ${chosen?.how})\n` : '') +
      `Commit and push ${added.length > 1 ? 'them' : 'it'}:\n` +
      `  ${git} add ${force ? '-f ' : ''}${added.join(' ')} && ${git} commit -m "Grade with sockgrade" && ${git} push\n` +
      (force ? `(-f because git ignores ${tarball} there, by a rule such as *.tgz: git add refuses it without -f)\n` : '') +
      `For GitHub Classroom, commit it in the assignment's template repository and list .github/** in the\n` +
      `assignment's protected paths (see docs/github-classroom.md in sockgrade's repository).\n`,
  )
  return 0
}

// The course's files (names under COURSE_FOLDER/) written into the repository's VENDOR_DIR, an older copy replaced
function writeCourse(repository: string, files: ReadonlyMap<string, Buffer>): void {
  rmSync(join(repository, COURSE_DIR), { recursive: true, force: true })
  for (const [name, bytes] of files) {
    const path = join(repository, VENDOR_DIR, name)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, bytes)
  }
}

// sockgrade packed into the repository's VENDOR_DIR, the only tarball there (an older version's is removed);
// returns its path relative to the repository
async function vendorSockgrade(repository: string): Promise<string> {
  const folder = join(repository, VENDOR_DIR)
  mkdirSync(folder, { recursive: true })
  const packed = await packSockgrade(folder)
  for (const name of readdirSync(folder)) if (/^sockgrade-.*\.tgz$/.test(name) && name !== packed.filename) rmSync(join(folder, name))
  return `${VENDOR_DIR}/${packed.filename}`
}

const GIT_TIMEOUT_MS = 10_000

// True when `path` (relative to `repository`) is in a git work tree and ignored there (git check-ignore exits 0);
// false outside a work tree (exit 128), with no git on PATH, or when git cannot answer in time
function gitIgnores(repository: string, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('git', ['check-ignore', '-q', '--', path], { cwd: repository, timeout: GIT_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error) => resolve(error === null))
  })
}

// A folder name as the shell reads it: as it is when plain, else in single quotes
function quoted(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
