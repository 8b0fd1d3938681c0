import { UsageError } from '../errors.js'

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
