import { parseArgs } from 'node:util'
import { bundledAssignments } from '../assignments/load.js'
import { bundledRubric } from '../grade-submission.js'
import { probes } from '../probes/index.js'
import { maxScoreOf } from '../rubric/rubric.js'
import type { CliIo } from './io.js'

// `sockgrade list`: the assignments (or, with --probes, the probes a rubric can use)
export async function listCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { probes: { type: 'boolean' } } })
  if (values.probes) {
    for (const probe of Object.values(probes)) {
      io.stdout.write(`${probe.name.padEnd(40)} ${probe.side.padEnd(6)} ${probe.transports.join('/').padEnd(7)} ${probe.description}\n`)
    }
    return 0
  }
  const rubric = bundledRubric()
  for (const a of bundledAssignments().values()) {
    const points = maxScoreOf(rubric.assignments.get(a.id) ?? [])
    io.stdout.write(`${a.id.padEnd(15)} ${a.transport.toUpperCase()}  ${a.server.file} + ${a.client.file}  ${String(points).padStart(2)} points  ${a.title}\n`)
  }
  return 0
}
