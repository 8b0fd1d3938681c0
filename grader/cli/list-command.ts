import { bundledAssignments } from '../assignments/load.js'
import { bundledRubric } from '../grade-submission.js'
import { probes } from '../probes/index.js'
import type { Probe } from '../probes/probe.js'
import { formatProbe } from './probe-table.js'
import { maxScoreOf } from '../rubric/rubric.js'
import { UsageError } from '../errors.js'
import type { CliIo } from './io.js'
import { parseCommandArgs } from './options.js'

export const LIST_USAGE = `Usage: sockgrade list [--probes]

Lists the assignments (id, transport, files, points, title), or with --probes the probes a rubric can use:
for each, what it does, its params (type, range, default or required) and the bundled assignments it fits.

Options:
  --probes     list the probes instead of the assignments

Examples:
  sockgrade list
  sockgrade list --probes

Exit codes: 0, or 2 on bad usage.
`

// `sockgrade list`: the assignments (or, with --probes, the probes a rubric can use)
export async function listCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { probes: { type: 'boolean' } })
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}"`)
  if (values.probes) {
    const assignments = [...bundledAssignments().values()]
    io.stdout.write(`${Object.values(probes).map((probe: Probe) => formatProbe(probe, assignments)).join('\n\n')}\n`)
    return 0
  }
  const rubric = bundledRubric()
  for (const a of bundledAssignments().values()) {
    const points = maxScoreOf(rubric.assignments.get(a.id) ?? [])
    io.stdout.write(`${a.id.padEnd(15)} ${a.transport.toUpperCase()}  ${a.server.file} + ${a.client.file}  ${String(points).padStart(2)} points  ${a.title}\n`)
  }
  return 0
}
