import { resolve } from 'node:path'
import { courseChoice } from '../course/open-course.js'
import { UsageError } from '../errors.js'
import { buildAutograder } from '../integrations/gradescope/build-autograder.js'
import { COURSE_FOLDER, REFERENCE_FOLDER } from '../integrations/gradescope/course-files.js'
import { DEFAULT_TIME_LIMIT_S } from '../integrations/gradescope/scripts.js'
import type { CliIo } from './io.js'
import { numberOption, parseCommandArgs } from './options.js'

export const GRADESCOPE_USAGE = `Usage: sockgrade gradescope build --assignment <id> [options]

Makes a Gradescope autograder zip: upload it on the assignment's "Configure Autograder" page. Its setup.sh
installs Python 3, Node.js (when the image has none, or one older than 20.18), bubblewrap where available and
sockgrade itself from a tarball inside the zip (no registry needed); its run_autograder grades
/autograder/submission and writes /autograder/results/results.json. Gradescope's containers refuse the
namespaces a sandbox needs, so grading there runs in host mode with the Python shim.

Options:
  -a, --assignment <id>     the assignment to grade (see: sockgrade list)
  --rubric <file>           the course's rubric instead of the bundled one (checked now; put in the zip)
  --course <dir>            a course folder (default: $SOCKGRADE_COURSE): the assignment and its checks from it,
                            put in the zip, with the reference server that answers it (if one does), which
                            only root can read there
  --out <file>              the zip to write (default: autograder.zip)
  --seed <n>                the inputs every submission gets (default: one drawn now, kept in the zip)
  --timeout-scale <x>       stretch every deadline, for Gradescope's half CPU if checks time out (default 1)
  -h, --help                show this help

Examples:
  sockgrade gradescope build --assignment uppercase-udp --out autograder.zip
  sockgrade gradescope build -a multiline-tcp --rubric course/rubric.yaml --out hw3-autograder.zip --seed 2026

Exit codes: 0 the zip was written, 2 bad usage, an invalid rubric, or sockgrade could not be packed.
`

// `sockgrade gradescope build ...`: writes the zip and says what is in it
export async function gradescopeCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'build') throw new UsageError(sub === undefined ? 'Missing the subcommand: sockgrade gradescope build --assignment <id>' : `Unknown subcommand "${sub}": sockgrade gradescope build --assignment <id>`)
  const { values, positionals } = parseCommandArgs(rest, {
    assignment: { type: 'string', short: 'a' },
    rubric: { type: 'string' },
    course: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    'timeout-scale': { type: 'string' },
  })
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}": sockgrade gradescope build takes options only`)
  if (!values.assignment) throw new UsageError('Missing --assignment <id> (see: sockgrade list)')
  const cwd = io.cwd ?? process.cwd()
  const out = values.out ?? 'autograder.zip'
  const course = courseChoice(values.course, io.env, cwd)
  const built = await buildAutograder({
    assignment: values.assignment,
    ...(course ? { courseDir: course.dir } : {}),
    rubricPath: values.rubric === undefined ? undefined : resolve(cwd, values.rubric),
    rubricLabel: values.rubric,
    out: resolve(cwd, out),
    seed: numberOption('--seed', values.seed, { min: 0, max: 2 ** 31 - 1, integer: true }) ?? Math.floor(Math.random() * 1_000_000),
    timeoutScale: numberOption('--timeout-scale', values['timeout-scale'], { min: 0, exclusiveMin: true, max: 100 }) ?? 1,
  })
  const { manifest } = built
  io.stdout.write(`Wrote ${out} (${(built.bytes / 1024).toFixed(0)} KiB): ${built.entries.join(', ')}
  assignment ${manifest.assignment}, sockgrade ${manifest.sockgradeVersion}, rubric ${manifest.rubric === 'bundled' ? 'bundled' : course ? `${course.dir}/rubric.yaml` : values.rubric} (sha256 ${manifest.rubricSha256.slice(0, 12)}), seed ${manifest.seed}
Upload it on the assignment's "Configure Autograder" page (base image: Ubuntu 22.04 or later).
${built.entries.some((entry) => entry.startsWith(`${COURSE_FOLDER}/${REFERENCE_FOLDER}/`)) ? `Its reference server is in the zip, readable by root only: student programs run under a uid of their own and cannot read it. In host mode (Gradescope's containers refuse namespaces) it shares the container's network, where a student's server could find it and pass its questions on; a sandbox or a table answer closes that.\n` : ''}${manifest.timeLimitS > DEFAULT_TIME_LIMIT_S ? `With --timeout-scale ${manifest.timeoutScale} a grading may take up to ${manifest.timeLimitS} s: raise the assignment's autograder timeout to at least ${Math.ceil(manifest.timeLimitS / 60) + 1} minutes.\n` : ''}`)
  return 0
}
