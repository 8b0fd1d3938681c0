import { join } from 'node:path'
import { createRequire } from 'node:module'
import type { ErrorObject, ValidateFunction } from 'ajv'
import { NotGradableError } from '../errors.js'
import { fileErrorText } from '../fs-errors.js'
import { STUDENT_YAML_LIMITS } from '../yaml/bounded-parse.js'
import { formatAjvError, parseLocatedYaml, sortByPosition, type LocatedYaml } from '../yaml/located-yaml.js'
import { quote } from '../yaml/quote.js'
import { readYamlText } from '../yaml/read-yaml.js'
import { baseName, depthOf } from './list-files.js'

/** The commands a submission declares in its sockgrade.yaml, as written (before placeholders are filled in) */
export interface DeclaredPrograms {
  /** The file's path relative to the submission; commands and the build run in its folder */
  readonly path: string
  readonly build?: string
  readonly server?: readonly string[]
  readonly client?: readonly string[]
  /** The assignment id the submission is for (`sockgrade check` reads it), as written */
  readonly assignment?: string
  /** The course folder its assignment comes from, relative to the file's folder (`sockgrade check` reads it) */
  readonly course?: string
}

const SIDES = ['server', 'client'] as const
const PLACEHOLDERS = new Set(['{port}', '{host}', '{python}'])
// A not-gradable reason names this many problems of the file, then counts the rest
const PROBLEMS_SHOWN = 10
const command = { type: ['string', 'array'], minLength: 1, minItems: 1, items: { type: 'string', minLength: 1 } }
let compiled: ValidateFunction | undefined
// The schema errors of a parsed sockgrade.yaml; ajv is loaded and the schema compiled on first use, since most
// submissions have no sockgrade.yaml and the grading worker starts once per sandbox
function schemaErrors(value: unknown): ErrorObject[] {
  compiled ??= new (createRequire(import.meta.url)('ajv') as typeof import('ajv')).Ajv({ allErrors: true, allowUnionTypes: true }).compile({
    type: 'object',
    additionalProperties: false,
    properties: { assignment: { type: 'string', minLength: 1 }, course: { type: 'string', minLength: 1 }, build: { type: 'string', minLength: 1 }, server: command, client: command },
  })
  return compiled(value) ? [] : (compiled.errors ?? [])
}

// The shallowest sockgrade.yaml (or .yml, any letter case) among the submission's files, if any
export function findSockgradeYaml(files: readonly string[]): string | undefined {
  return files.filter((f) => /^sockgrade\.ya?ml$/i.test(baseName(f))).sort((a, b) => depthOf(a) - depthOf(b))[0]
}

// Read and check a submission's sockgrade.yaml; every problem is a `path:line:col: message` line of one NotGradableError,
// each distinct problem once, the first ten of them. A file past the limits (16 KB, nesting, aliases) is one such line
export function loadSockgradeYaml(dir: string, path: string): DeclaredPrograms {
  let text: string
  try {
    text = readYamlText(join(dir, path), STUDENT_YAML_LIMITS.maxBytes)
  } catch (error) {
    throw new NotGradableError(`Cannot read "${path}" in the submission: ${fileErrorText(error)}`)
  }
  const yaml = parseLocatedYaml(text, path, STUDENT_YAML_LIMITS)
  const problems = [...new Set(yaml.syntaxErrors.length ? yaml.syntaxErrors.map((e) => (yaml.overLimit ? e : withBraceHint(e, text))) : checkValue(yaml))]
  if (problems.length) throw new NotGradableError(fewest(problems).join('\n'))
  const value = yaml.value as { assignment?: string; course?: string; build?: string; server?: string | string[]; client?: string | string[] }
  const words = (c: string | string[] | undefined) => (c === undefined ? undefined : typeof c === 'string' ? splitWords(c) : c)
  return { path, build: value.build?.trim(), server: words(value.server), client: words(value.client), assignment: value.assignment?.trim(), ...(value.course ? { course: value.course.trim() } : {}) }
}

// A command written as one string is split on spaces: there is no quoting, the list form takes words with spaces
function splitWords(command: string): string[] {
  return command.trim().split(/\s+/).filter(Boolean)
}

function checkValue(yaml: LocatedYaml): string[] {
  if (yaml.value === null || yaml.value === undefined) return [`${yaml.locate('')}: the file is empty: declare a "server" or "client" command`]
  const errors = schemaErrors(yaml.value)
  if (errors.length) return sortByPosition(errors.map((e) => describe(e, yaml)))
  const value = yaml.value as Record<string, unknown>
  if (!SIDES.some((side) => side in value) && !('build' in value) && !('assignment' in value)) return [`${yaml.locate('')}: declare a "server" or "client" command`]
  const problems: string[] = []
  for (const side of SIDES) {
    const written = value[side] as string | string[] | undefined
    if (written === undefined) continue
    const words = typeof written === 'string' ? splitWords(written) : written
    if (!words.length) problems.push(`${yaml.locate(`/${side}`)}: /${side} must not be empty`)
    words.forEach((word, i) => {
      const unknown = word.match(/\{[^}]*\}/g)?.find((p) => !PLACEHOLDERS.has(p))
      const at = yaml.locate(typeof written === 'string' ? `/${side}` : `/${side}/${i}`)
      if (unknown) problems.push(`${at}: /${side} uses unknown placeholder ${quote(unknown)}: use {port}, {host} or {python}`)
    })
  }
  return problems
}

function describe(error: ErrorObject, yaml: LocatedYaml): string {
  const hint = quoteHint(valueAt(yaml.value, error.instancePath))
  if (error.keyword === 'type' && Array.isArray(error.params.type)) {
    return `${yaml.locate(error.instancePath)}: ${error.instancePath} must be a command: a line of words or a list of words${hint}`
  }
  const message = formatAjvError(error, yaml)
  return error.keyword === 'additionalProperties' && error.instancePath === '' ? `${message} (expected assignment, build, server or client)` : `${message}${hint}`
}

// `{port}` unquoted is YAML for a mapping: say how to write it
function quoteHint(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ''
  const keys = Object.keys(value)
  return keys.length === 1 && (value as Record<string, unknown>)[keys[0] as string] === null ? `: write ${quote(`{${keys[0]}}`)} in quotes` : ''
}

function fewest(problems: readonly string[]): readonly string[] {
  const more = problems.length - PROBLEMS_SHOWN
  return more > 0 ? [...problems.slice(0, PROBLEMS_SHOWN), `… and ${more} more problem${more === 1 ? '' : 's'} in the file`] : problems
}

function withBraceHint(problem: string, text: string): string {
  const line = Number(/:(\d+):\d+: /.exec(problem)?.[1] ?? 0)
  const source = text.split('\n')[line - 1] ?? ''
  return /:\s*\{/.test(source) ? `${problem}: a command that starts with "{" must be in quotes, like server: "{python} server.py {port}"` : problem
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root
  for (const segment of pointer.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[segment]
  return node
}
