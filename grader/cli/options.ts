import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from '../errors.js'
import { nearest } from './suggest.js'

type OptionsConfig = NonNullable<ParseArgsConfig['options']>

type OptionValue<T extends { type: string }> = T['type'] extends 'boolean' ? boolean : string

/** What parseCommandArgs returns: every option absent or of its declared type, and the positionals */
export interface ParsedCommandArgs<O extends OptionsConfig> {
  values: { [K in keyof O]?: O[K] extends { multiple: true } ? OptionValue<O[K]>[] : OptionValue<O[K]> }
  positionals: string[]
}

// A command's arguments, strictly: unknown options and missing values become usage errors in our words
// ("--seed -1" reaches the number check as the value "-1" instead of Node's "argument is ambiguous")
export function parseCommandArgs<const O extends OptionsConfig>(args: readonly string[], options: O): ParsedCommandArgs<O> {
  try {
    return parseArgs({ args: joinDashValues(args, options), options, allowPositionals: true, strict: true }) as ParsedCommandArgs<O>
  } catch (error) {
    throw isParseArgsError(error) ? parseArgsUsageError(error, options) : error
  }
}

// "--seed -1" → "--seed=-1": a value that starts with a dash and a digit is a value, not an option
function joinDashValues(args: readonly string[], options: OptionsConfig): string[] {
  const joined: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    const next = args[i + 1]
    const option = takesValue(arg, options)
    if (option && next !== undefined && /^-\.?\d/.test(next)) {
      joined.push(`--${option}=${next}`)
      i++
    } else joined.push(arg)
  }
  return joined
}

function takesValue(arg: string, options: OptionsConfig): string | undefined {
  const name = arg.startsWith('--') ? arg.slice(2) : Object.entries(options).find(([, o]) => arg === `-${o.short}`)?.[0]
  return name !== undefined && options[name]?.type === 'string' ? name : undefined
}

// Node's parseArgs messages, in the tool's words; with the command's options, a typo gets the nearest one
export function parseArgsUsageError(error: Error, options?: OptionsConfig): UsageError {
  const unknown = /Unknown option '([^']+)'/.exec(error.message)?.[1]
  if (unknown !== undefined) {
    const flags = Object.keys(options ?? {}).map((name) => `--${name}`)
    const guess = unknown.startsWith('--') ? nearest(unknown, flags) : undefined
    return new UsageError(`Unknown option "${unknown}"${guess ? `: did you mean "${guess}"?` : ''}`)
  }
  const needsValue = /Option '(?:-\w, )?([^' ]+)(?: <value>)?' argument (?:missing|is ambiguous)/.exec(error.message)?.[1]
  if (needsValue !== undefined) return new UsageError(`Option "${needsValue}" needs a value`)
  const noValue = /Option '([^' ]+)' does not take an argument/.exec(error.message)?.[1]
  if (noValue !== undefined) return new UsageError(`Option "${noValue}" takes no value`)
  return new UsageError(error.message.split('\n')[0] ?? error.message)
}

// An error thrown by node:util parseArgs (its codes start with ERR_PARSE_ARGS)
export function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && String((error as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS')
}

// A number option, with a message naming the flag when it is not one
export function numberOption(flag: string, value: string | undefined, check: { min: number; max?: number; integer?: boolean; exclusiveMin?: boolean }): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  const tooLow = check.exclusiveMin ? n <= check.min : n < check.min
  if (value.trim() === '' || !Number.isFinite(n) || tooLow || (check.max !== undefined && n > check.max) || (check.integer && !Number.isInteger(n))) {
    const low = check.exclusiveMin ? `greater than ${check.min}` : `from ${check.min}`
    const high = check.max === undefined ? '' : check.exclusiveMin ? ` and at most ${check.max}` : ` to ${check.max}`
    const range = `${check.integer ? 'a whole number' : 'a number'} ${low}${high}`
    throw new UsageError(`Invalid value for ${flag}: expected ${range}, got "${value}"`)
  }
  return n
}

// One of a few words, with a message listing them when it is not
export function choice<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`Invalid value for ${flag}: expected ${allowed.map((a) => `"${a}"`).join(', ')}, got "${value}"`)
}
