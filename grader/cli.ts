import { forgetAddedAssignments } from './assignments/load.js'
import { InternalError, NotGradableError, RubricError, UsageError } from './errors.js'
import { commands, USAGE, type Command } from './cli/commands.js'
import type { CliIo } from './cli/io.js'
import { isParseArgsError, parseArgsUsageError } from './cli/options.js'
import { nearest } from './cli/suggest.js'
import { sockgradeVersion } from './version.js'

export type { CliIo } from './cli/io.js'

const HELP = ['--help', '-h']
// -V as commander and vitest spell it; -v as npm and node do
const VERSION = ['--version', '-V', '-v']

// argv (without node and the script) → exit code; writes only to io, so tests call it with fake streams
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv
  forgetAddedAssignments()
  if (name === undefined || HELP.includes(name)) {
    io.stdout.write(USAGE)
    return name === undefined ? 2 : 0
  }
  if (VERSION.includes(name)) {
    io.stdout.write(`${sockgradeVersion()}\n`)
    return 0
  }
  try {
    if (name === 'help') return await help(args, io)
    const command = findCommand(name)
    const { run, usage } = await command.load()
    if (wantsHelp(args)) {
      io.stdout.write(usage)
      return 0
    }
    return await run(args, io)
  } catch (error) {
    return reportError(error, io, Object.hasOwn(commands, name) ? `sockgrade ${name} --help` : 'sockgrade --help')
  }
}

// `sockgrade help [command]`
async function help(args: string[], io: CliIo): Promise<number> {
  if (args.length === 0) {
    io.stdout.write(USAGE)
    return 0
  }
  if (args.length > 1) throw new UsageError(`Expected at most one command name, got ${args.length}`)
  io.stdout.write((await findCommand(args[0] as string).load()).usage)
  return 0
}

function findCommand(name: string): Command {
  if (Object.hasOwn(commands, name)) return commands[name as keyof typeof commands]
  if (name.startsWith('-')) throw new UsageError(`Unknown option "${name}"`)
  const guess = nearest(name, Object.keys(commands))
  throw new UsageError(`Unknown command "${name}"${guess ? `: did you mean "${guess}"?` : ''}`)
}

// --help or -h anywhere before a "--" asks for the command's help, whatever else was typed
function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--')
  return (end === -1 ? args : args.slice(0, end)).some((arg) => HELP.includes(arg))
}

function usageError(io: CliIo, message: string, helpCommand: string): number {
  io.stderr.write(`sockgrade: ${message}\nRun "${helpCommand}" for usage.\n`)
  return 2
}

// Usage and rubric problems exit 2 with their message; anything unexpected is a grader bug, with its stack
function reportError(error: unknown, io: CliIo, helpCommand: string): number {
  if (error instanceof RubricError) {
    io.stderr.write(`${error.problems.join('\n')}\n${error.problems.length} problem${error.problems.length === 1 ? '' : 's'} found\n`)
    return 2
  }
  if (error instanceof UsageError) return usageError(io, error.message, helpCommand)
  if (isParseArgsError(error)) return usageError(io, parseArgsUsageError(error).message, helpCommand)
  if (error instanceof NotGradableError) {
    io.stderr.write(`sockgrade: ${error.message}\n`)
    return 1
  }
  const internal = error instanceof Error ? error : new InternalError(String(error))
  io.stderr.write(`sockgrade: internal error (please report it): ${internal.message}\n${internal.stack ?? ''}\n`)
  return 2
}
