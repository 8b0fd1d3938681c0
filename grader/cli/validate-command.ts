import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { UsageError } from '../errors.js'
import { defaultRubricPath } from '../paths.js'
import { loadRubricFile } from '../rubric/load.js'
import { maxScoreOf } from '../rubric/rubric.js'
import type { CliIo } from './io.js'

// `sockgrade validate [rubric]`: a summary when valid; otherwise RubricError lines reach main, which exits 2
export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} })
  if (positionals.length > 1) throw new UsageError(`Expected at most one rubric file, got ${positionals.length}`)
  const given = positionals[0]
  const rubric = given ? loadRubricFile(resolve(io.cwd ?? process.cwd(), given), given) : loadRubricFile(defaultRubricPath, 'rubric.yaml')
  const lines = [...rubric.assignments].map(([id, checks]) => `  ${id.padEnd(16)} ${String(checks.length).padStart(2)} checks, ${maxScoreOf(checks)} points`)
  io.stdout.write(`${rubric.source}: valid\n${lines.join('\n')}\n`)
  return 0
}
