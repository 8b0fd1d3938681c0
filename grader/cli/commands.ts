import type { CliIo } from './io.js'
import { mainUsage } from './usage.js'

/** A command's entry point: its arguments (after the command's name) → exit code */
export type CommandRun = (args: string[], io: CliIo) => Promise<number>

/** One command of the registry; its module loads only when it runs or its help is asked for */
export interface Command {
  /** What follows "sockgrade" in the overview */
  readonly synopsis: string
  readonly summary: string
  readonly load: () => Promise<{ run: CommandRun; usage: string }>
}

// Every command, by name: one line each, and `grade` never loads what only `demo` or `validate` needs (YAML)
export const commands = {
  grade: { synopsis: 'grade <submission-dir> --assignment <id>', summary: 'grade one submission folder (every check, in full)', load: () => import('./grade-command.js').then((m) => ({ run: m.gradeCommand, usage: m.GRADE_USAGE })) },
  check: { synopsis: 'check [dir]', summary: 'check your own work: the student view, and what to fix first (--watch)', load: () => import('./check-command.js').then((m) => ({ run: m.checkCommand, usage: m.CHECK_USAGE })) },
  batch: { synopsis: 'batch <class-dir> --assignment <id> --out <dir>', summary: 'grade a whole class from what the course\'s system exported (Canvas, Moodle, ...)', load: () => import('./batch-command.js').then((m) => ({ run: m.batchCommand, usage: m.BATCH_USAGE })) },
  peer: { synopsis: 'peer server|client --assignment <id>', summary: "the grader's correct half, to build one program before the other", load: () => import('./peer-command.js').then((m) => ({ run: m.peerCommand, usage: m.PEER_USAGE })) },
  validate: { synopsis: 'validate [rubric.yaml | course-dir]', summary: 'check a rubric, or prove a course\'s references and broken variants', load: () => import('./validate-command.js').then((m) => ({ run: m.validateCommand, usage: m.VALIDATE_USAGE })) },
  list: { synopsis: 'list [--probes]', summary: 'list the assignments, or the probes a rubric can use', load: () => import('./list-command.js').then((m) => ({ run: m.listCommand, usage: m.LIST_USAGE })) },
  demo: { synopsis: 'demo [--verbose]', summary: 'grade the bundled references and broken variants', load: () => import('./demo-command.js').then((m) => ({ run: m.demoCommand, usage: m.DEMO_USAGE })) },
  merge: { synopsis: 'merge <shard-out-dir>... --out <dir>', summary: 'combine the --out folders of sockgrade batch --shard K/N runs into one', load: () => import('./merge-command.js').then((m) => ({ run: m.mergeCommand, usage: m.MERGE_USAGE })) },
  'init-ci': { synopsis: 'init-ci [dir] [--assignment <id>]', summary: 'write the GitHub Actions workflow that grades a student repository on every push (GitHub Classroom)', load: () => import('./init-ci-command.js').then((m) => ({ run: m.initCiCommand, usage: m.INIT_CI_USAGE })) },
  gradescope: { synopsis: 'gradescope build --assignment <id> --out autograder.zip', summary: 'make a Gradescope autograder zip (setup.sh, run_autograder, sockgrade inside)', load: () => import('./gradescope-command.js').then((m) => ({ run: m.gradescopeCommand, usage: m.GRADESCOPE_USAGE })) },
  prairielearn: { synopsis: 'prairielearn [--assignment <id>]', summary: "PrairieLearn's external grader entry: grades /grade/student, writes /grade/results/results.json", load: () => import('./prairielearn-command.js').then((m) => ({ run: m.prairielearnCommand, usage: m.PRAIRIELEARN_USAGE })) },
} satisfies Record<string, Command>

/** What `sockgrade`, `sockgrade --help` and `sockgrade help` print */
export const USAGE = mainUsage(commands)
