import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { UsageError } from '../errors.js'
import { bundledAssignments, findAssignment } from '../assignments/load.js'
import { gradeSubmission } from '../grade-submission.js'
import { basePercent, isFullMarks } from '../report.js'
import { reporters } from '../reporters/index.js'
import { loadRubricFile } from '../rubric/load.js'
import { colorFor, type CliIo } from './io.js'
import { choice, numberOption } from './options.js'

// `sockgrade grade <dir> --assignment <id>`: the report on stdout, progress on stderr; returns the exit code
export async function gradeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      assignment: { type: 'string', short: 'a' },
      rubric: { type: 'string' },
      json: { type: 'boolean' },
      seed: { type: 'string' },
      'timeout-scale': { type: 'string' },
      'fail-under': { type: 'string' },
      isolation: { type: 'string' },
      only: { type: 'string' },
    },
  })
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `Expected one submission folder, got ${positionals.length}` : 'Missing the submission folder: sockgrade grade <submission-dir> --assignment <id>')
  if (!values.assignment) throw new UsageError('Missing --assignment <id> (see: sockgrade list)')
  const cwd = io.cwd ?? process.cwd()
  const seed = numberOption('--seed', values.seed, { min: 0, max: 2 ** 31 - 1, integer: true }) ?? Math.floor(Math.random() * 1_000_000)
  const timeoutScale = numberOption('--timeout-scale', values['timeout-scale'], { min: 0, exclusiveMin: true, max: 100 }) ?? 1
  const failUnder = numberOption('--fail-under', values['fail-under'], { min: 0, max: 100 })
  const isolation = choice('--isolation', values.isolation, ['auto', 'sandbox', 'host'] as const) ?? 'auto'
  const only = choice('--only', values.only, ['server', 'client'] as const)
  const rubric = values.rubric ? loadRubricFile(resolve(cwd, values.rubric), values.rubric) : undefined
  const submission = positionals[0] as string
  if (!findAssignment(values.assignment)) throw new UsageError(`Unknown assignment "${values.assignment}" (known: ${[...bundledAssignments().keys()].join(', ')})`)
  io.stderr.write(`Grading ${submission} as ${values.assignment} (seed ${seed})\n`)
  const report = await gradeSubmission({
    submission: resolve(cwd, submission),
    label: submission,
    assignment: values.assignment,
    rubric,
    seed,
    timeoutScale,
    isolation,
    only,
    onIsolation: (chosen) => io.stderr.write(`Isolation: ${chosen.mode} (${chosen.reason})\n`),
  })
  const reporter = values.json ? reporters.json : reporters.terminal
  io.stdout.write(reporter.render(report, { color: !values.json && colorFor(io.stdout, io.env) }))
  if (report.harnessError) return 2
  if (isFullMarks(report)) return 0
  return report.gradable && failUnder !== undefined && basePercent(report) >= failUnder ? 0 : 1
}
