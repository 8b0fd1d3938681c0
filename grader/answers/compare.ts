import { isDeepStrictEqual } from 'node:util'

/** The comparison rules an assignment can name in `compare:` */
export const compareRules = ['exact', 'trimmed', 'case-insensitive', 'first-number', 'number', 'lines', 'json', 'regex'] as const
export type CompareRule = (typeof compareRules)[number]

/** `compare:` in assignment.yaml: a rule's name, or a mapping with the rule and its settings */
export type CompareSpec =
  | CompareRule
  | {
      readonly rule: CompareRule
      /** number: how far the reply may be from the answer */
      readonly tolerance?: number
      /** lines: `in-order` (the default) or `any` (the same lines as a multiset) */
      readonly order?: 'in-order' | 'any'
      /** regex: the pattern a reply must match, `{answer}` standing for the answer, escaped */
      readonly pattern?: string
    }

/** Whether a reply gives the expected answer, and when not, the usual reason in a sentence */
export interface Comparison {
  readonly ok: boolean
  readonly hint?: string
}

/** Compares a server's reply with the answer a correct server gives */
export type Comparator = (expected: string, reply: string) => Comparison

// Servers pad replies with NULs, newlines and spaces (C and Java ones especially): ignore them at the end
export function trimReply(reply: string): string {
  return reply.replace(/[\0\r\n\t ]+$/, '')
}

// The first number written in a text, or undefined. A sign and a fraction are read only when `signed`: a count is
// found as the first run of digits, as the grader always did (`count:-3` holds the count 3)
export function firstNumber(text: string, options: { signed?: boolean } = {}): number | undefined {
  const match = (options.signed ? /[-+]?\d+(?:\.\d+)?/ : /\d+/).exec(text)
  return match ? Number(match[0]) : undefined
}

// The comparator a `compare:` spec names
export function comparatorFor(spec: CompareSpec): Comparator {
  const { rule, ...settings } = typeof spec === 'string' ? { rule: spec } : spec
  switch (rule) {
    case 'exact':
      return exact
    case 'trimmed':
      return trimmed
    case 'case-insensitive':
      return caseInsensitive
    case 'first-number':
      return firstNumberRule
    case 'number':
      return numberRule(settings.tolerance ?? 0)
    case 'lines':
      return linesRule(settings.order ?? 'in-order')
    case 'json':
      return jsonRule
    case 'regex':
      return regexRule(settings.pattern ?? '{answer}')
  }
}

// Why a `compare:` spec cannot be used (a setting of another rule, a pattern that does not compile), or undefined
export function compareSpecProblem(spec: CompareSpec): { key?: string; problem: string } | undefined {
  if (typeof spec === 'string') return undefined
  const owners = { tolerance: 'number', order: 'lines', pattern: 'regex' } as const
  for (const key of Object.keys(owners) as (keyof typeof owners)[]) {
    if (spec[key] !== undefined && spec.rule !== owners[key]) return { key, problem: `"${key}" applies only to the ${owners[key]} rule, not to ${spec.rule}` }
  }
  if (spec.rule === 'regex') {
    if (spec.pattern === undefined) return { problem: 'the regex rule needs a "pattern"' }
    try {
      regexFor(spec.pattern, 'answer')
    } catch (error) {
      return { key: 'pattern', problem: `not a valid regular expression: ${(error as Error).message}` }
    }
  }
  return undefined
}

const ok: Comparison = { ok: true }

function exact(expected: string, reply: string): Comparison {
  if (reply === expected) return ok
  if (trimReply(reply) === trimReply(expected)) return { ok: false, hint: 'The reply differs only in the spaces, newlines or NULs at its end: send exactly the answer' }
  return { ok: false, hint: textHint(expected, reply) }
}

function trimmed(expected: string, reply: string): Comparison {
  if (trimReply(reply) === trimReply(expected)) return ok
  return { ok: false, hint: textHint(expected, reply) }
}

function caseInsensitive(expected: string, reply: string): Comparison {
  if (trimReply(reply).toLowerCase() === trimReply(expected).toLowerCase()) return ok
  return { ok: false, hint: textHint(expected, reply) }
}

// What a text reply that is not the answer most likely did: other letter case, spaces in front, words around it
function textHint(expected: string, reply: string): string | undefined {
  const [want, got] = [trimReply(expected), trimReply(reply)]
  if (want === '' || got === '') return undefined
  if (got.toLowerCase() === want.toLowerCase()) return 'The reply differs from the answer only in letter case'
  if (got.trimStart() === want) return 'The reply starts with spaces or a newline: send the answer alone'
  if (got.includes(want)) return 'The reply has the answer with more text around it: send the answer alone'
  return undefined
}

function firstNumberRule(expected: string, reply: string): Comparison {
  // An answer written with a sign or a fraction is looked for so; a plain count as digits
  const signed = !/^\d+$/.test(trimReply(expected).trim())
  const want = firstNumber(expected, { signed: true })
  const got = firstNumber(reply, { signed })
  if (want !== undefined && got === want) return ok
  if (want === undefined) return trimmed(expected, reply)
  return { ok: false, hint: got === undefined ? 'The reply has no number in it' : undefined }
}

// The reply is one number (spaces and a newline around it allowed) within `tolerance` of the answer; an answer that
// is not a number (an error message the reference gives) is compared as trimmed text
function numberRule(tolerance: number): Comparator {
  return (expected, reply) => {
    const want = wholeNumber(expected)
    if (want === undefined) return trimmed(expected, reply)
    const got = wholeNumber(reply)
    if (got !== undefined && Math.abs(got - want) <= tolerance + Number.EPSILON * Math.max(1, Math.abs(want))) return ok
    if (got !== undefined) return { ok: false }
    const inside = firstNumber(reply, { signed: true })
    if (inside !== undefined && Math.abs(inside - want) <= tolerance) return { ok: false, hint: 'The reply has the right number with more text around it: send the number alone' }
    return { ok: false, hint: inside === undefined ? 'The reply has no number in it' : undefined }
  }
}

// A text that is exactly one decimal number, spaces around it allowed
export function wholeNumber(text: string): number | undefined {
  const body = trimReply(text).trim()
  return /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(body) ? Number(body) : undefined
}

function linesRule(order: 'in-order' | 'any'): Comparator {
  return (expected, reply) => {
    const [want, got] = [linesOf(expected), linesOf(reply)]
    const same = order === 'any' ? isDeepStrictEqual([...want].sort(), [...got].sort()) : isDeepStrictEqual(want, got)
    if (same) return ok
    if (want.length !== got.length) return { ok: false, hint: `The reply has ${got.length} line${got.length === 1 ? '' : 's'}, the answer ${want.length}` }
    if (order === 'in-order' && isDeepStrictEqual([...want].sort(), [...got].sort())) return { ok: false, hint: 'The reply has the right lines in another order' }
    return { ok: false }
  }
}

// Lines without their line ends and trailing spaces, the empty lines at the end dropped
function linesOf(text: string): string[] {
  const lines = trimReply(text)
    .split(/\r?\n/)
    .map((line) => line.replace(/[\t ]+$/, ''))
  return lines.length === 1 && lines[0] === '' ? [] : lines
}

function jsonRule(expected: string, reply: string): Comparison {
  const want = parseJson(expected)
  if (!want.ok) return trimmed(expected, reply)
  const got = parseJson(reply.replace(/\0+$/, ''))
  if (!got.ok) return { ok: false, hint: `The reply is not valid JSON (${got.error})` }
  return isDeepStrictEqual(got.value, want.value) ? ok : { ok: false }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (error) {
    return { ok: false, error: (error as Error).message }
  }
}

function regexRule(pattern: string): Comparator {
  return (expected, reply) => (regexFor(pattern, expected).test(trimReply(reply)) ? ok : { ok: false })
}

// The pattern with {answer} replaced by the answer, every character of it taken literally (a function as the
// replacement, so that $& or $' in an answer stay as they are)
function regexFor(pattern: string, answer: string): RegExp {
  const literal = answer.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  return new RegExp(pattern.replaceAll('{answer}', () => literal), 'u')
}
