import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { InternalError, NotGradableError, RubricError, UsageError } from './errors.js'
import type { CliIo } from './cli/io.js'
import { USAGE } from './cli/usage.js'
import { packageRoot } from './paths.js'

export type { CliIo } from './cli/io.js'

// Each command's module is loaded when it runs: `grade` never loads what only `demo` or `validate` needs (YAML)
const commands: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  grade: async (args, io) => (await import('./cli/grade-command.js')).gradeCommand(args, io),
  validate: async (args, io) => (await import('./cli/validate-command.js')).validateCommand(args, io),
  list: async (args, io) => (await import('./cli/list-command.js')).listCommand(args, io),
  demo: async (args, io) => (await import('./cli/demo-command.js')).demoCommand(args, io),
}

// argv (without node and the script) → exit code; writes only to io, so tests call it with fake streams
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(USAGE)
    return name === undefined ? 2 : 0
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${(JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version}\n`)
    return 0
  }
  const command = commands[name]
  if (!command) return usageError(io, `Unknown command "${name}"`)
  try {
    return await command(args, io)
  } catch (error) {
    return reportError(error, io)
  }
}

function usageError(io: CliIo, message: string): number {
  io.stderr.write(`sockgrade: ${message}\nRun "sockgrade --help" for usage.\n`)
  return 2
}

// Usage and rubric problems exit 2 with their message; anything unexpected is a grader bug, with its stack
function reportError(error: unknown, io: CliIo): number {
  if (error instanceof RubricError) {
    io.stderr.write(`${error.problems.join('\n')}\n${error.problems.length} problem${error.problems.length === 1 ? '' : 's'} in the rubric\n`)
    return 2
  }
  if (error instanceof UsageError) return usageError(io, error.message)
  if (isParseArgsError(error)) return usageError(io, parseArgsMessage(error))
  if (error instanceof NotGradableError) {
    io.stderr.write(`sockgrade: ${error.message}\n`)
    return 1
  }
  const internal = error instanceof Error ? error : new InternalError(String(error))
  io.stderr.write(`sockgrade: internal error (please report it): ${internal.message}\n${internal.stack ?? ''}\n`)
  return 2
}

// Node's parseArgs messages are long and quote oddly: keep what the user needs
function parseArgsMessage(error: Error): string {
  const unknown = /Unknown option '([^']+)'/.exec(error.message)
  if (unknown) return `Unknown option "${unknown[1]}"`
  const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(error.message)
  if (missing) return `Option "${missing[1]}" needs a value`
  return error.message
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && (error as NodeJS.ErrnoException).code!.startsWith('ERR_PARSE_ARGS')
}
