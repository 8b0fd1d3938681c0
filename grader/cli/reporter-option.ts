import { resolve } from 'node:path'
import { canonicalPath } from '../batch/output-file.js'
import { UsageError } from '../errors.js'
import { reporters, type Reporter } from '../reporters/index.js'
import { nearest } from './suggest.js'

/** One `--reporter NAME[=PATH]`: a reporter and where its output goes (no path: standard output) */
export interface ReporterTarget {
  readonly reporter: Reporter
  /** Absolute; absent for standard output */
  readonly path?: string
  /** The path as typed, for messages */
  readonly label?: string
}

/** The reporters by name, as `--reporter` accepts them */
export const REPORTER_NAMES = Object.keys(reporters) as (keyof typeof reporters)[]

// The help text's lines for --reporter, the same in every command, its description starting at `column`
export function reporterHelp(column: number, destination = 'to <file>, or to stdout without one', more: readonly string[] = []): string {
  const pad = ' '.repeat(column)
  return ['  --reporter <name>[=<file>]', `write the report in this format too, ${destination}; repeatable:`, REPORTER_NAMES.join(', '), ...more].join(`\n${pad}`)
}

// `--reporter` values in order, `--json` first as `--reporter json`; "NAME" and "NAME=-" mean standard output.
// Two reporters may not write one file
export function reporterTargets(values: readonly string[] | undefined, cwd: string, json = false): ReporterTarget[] {
  const targets: ReporterTarget[] = json ? [{ reporter: reporters.json }] : []
  for (const value of values ?? []) {
    const equals = value.indexOf('=')
    const name = equals < 0 ? value : value.slice(0, equals)
    const label = equals < 0 ? undefined : value.slice(equals + 1)
    const reporter = (reporters as Record<string, Reporter>)[name]
    if (!reporter) {
      const guess = nearest(name, REPORTER_NAMES)
      throw new UsageError(`Unknown reporter "${name}"${guess ? `: did you mean "${guess}"?` : ''} (known: ${REPORTER_NAMES.join(', ')})`)
    }
    if (label === '') throw new UsageError(`--reporter ${name}= needs a file after "=", or no "=" for standard output`)
    targets.push(label === undefined || label === '-' ? { reporter } : { reporter, path: resolve(cwd, label), label })
  }
  // Compared once links are followed: "out.xml" and a link to it are one file
  const paths = targets.flatMap((t) => (t.path ? [canonicalPath(t.path)] : []))
  const twice = paths.find((path, i) => paths.indexOf(path) !== i)
  if (twice) throw new UsageError(`Two reporters would write ${twice}: give each its own file`)
  const onStdout = targets.filter((t) => t.path === undefined).map((t) => t.reporter.name)
  const again = onStdout.find((name, i) => onStdout.indexOf(name) !== i)
  if (again) throw new UsageError(`The ${again} reporter would print to stdout twice${json && again === 'json' ? ' (--json is --reporter json)' : ''}`)
  return targets
}

// True when some target prints to standard output: then the terminal report is not added there by default
export function printsToStdout(targets: readonly ReporterTarget[]): boolean {
  return targets.some((t) => t.path === undefined)
}
