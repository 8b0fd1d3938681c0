import { createRequire } from 'node:module'
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { Document, Node } from 'yaml'
import { COURSE_YAML_LIMITS, parseBounded, type YamlLimits } from './bounded-parse.js'
import { quote } from './quote.js'

// The yaml library is loaded on first use: the grading worker, which starts once per sandbox, rarely needs it
const yaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml') as typeof import('yaml')

/** A parsed YAML file that can say where any value of it came from */
export interface LocatedYaml {
  readonly value: unknown
  /** `file:line:col` of the node at a JSON pointer (or of its nearest existing parent) */
  locate(pointer: string, options?: { key?: boolean }): string
  /** Syntax errors, already formatted as `file:line:col: message` */
  readonly syntaxErrors: readonly string[]
  /** The file went past a limit (size, nesting, aliases): its one syntax error says which, and where */
  readonly overLimit?: true
}

// Parse YAML keeping positions, so every later error can name file:line:col; a file past the limits (size, nesting,
// aliases) gets one syntax error, at the place it went past them, and no value
export function parseLocatedYaml(text: string, fileLabel: string, limits: YamlLimits = COURSE_YAML_LIMITS): LocatedYaml {
  const lineCounter = new (yaml().LineCounter)()
  const parsed = parseBounded(text, lineCounter, limits)
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset)
    return `${fileLabel}:${line}:${col}`
  }
  const { doc } = parsed
  if (!doc) return { value: undefined, syntaxErrors: [`${at(parsed.limit.offset)}: ${parsed.limit.message}`], overLimit: true, locate: () => at(parsed.limit.offset) }
  // One line per distinct error: past a stack overflow the library reports one error per level it unwinds
  const syntaxErrors = [...new Set(doc.errors.map((e) => `${at(e.pos[0])}: ${syntaxMessage(e.code, e.message, text, e.pos[0])}`))]
  return {
    // Aliases were counted and resolved already (aliasProblem): the library's own heuristic limit is not needed
    value: syntaxErrors.length ? undefined : doc.toJS({ maxAliasCount: -1 }),
    syntaxErrors,
    locate: (pointer, options) => at(offsetOf(doc, pointerSegments(pointer), options?.key ?? false)),
  }
}

// The yaml library's messages, reworded where they speak of its own API or leave out what matters
function syntaxMessage(code: string, message: string, text: string, offset: number): string {
  if (code === 'DUPLICATE_KEY') return `duplicate key ${quote(duplicateKey(text, offset))}`
  if (code === 'MULTIPLE_DOCS') return 'only one YAML document is allowed: remove the second "---"'
  return message.split('\n')[0] ?? message
}

// The key a DUPLICATE_KEY error points at, as written (up to its colon, on its line)
export function duplicateKey(text: string, offset: number): string {
  return (/^[^:\n]*/.exec(text.slice(offset, offset + 1024))?.[0] ?? '').trim()
}

// Turn ajv errors into `file:line:col: /path message` lines, in the order they appear in the file
export function schemaProblems(validate: ValidateFunction, yaml: LocatedYaml): string[] {
  if (validate(yaml.value)) return []
  return sortByPosition((validate.errors ?? []).map((error) => formatAjvError(error, yaml)))
}

/** Where an ajv error's instancePath starts in the file, and how to name it in the message */
export interface ErrorFrame {
  /** JSON pointer of the validated value inside the file ("" for the whole file) */
  readonly base: string
  /** Name of the validated value in messages; "" names values by their path alone */
  readonly name: string
}

export const KNOWN_PATTERNS: Record<string, string> = {
  '^[a-z0-9][a-z0-9-]*$': 'lowercase letters, digits and dashes, starting with a letter or digit',
}

// One ajv error as `file:line:col: what must change`, pointing at the key for unknown properties
export function formatAjvError(error: ErrorObject, yaml: LocatedYaml, frame: ErrorFrame = { base: '', name: '' }): string {
  const pointer = `${frame.base}${error.instancePath}`
  const path = `${frame.name}${error.instancePath}` || '/'
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String(params.additionalProperty)
      const where = yaml.locate(`${pointer}/${escapePointer(extra)}`, { key: true })
      return `${where}: ${path === '/' ? 'unknown top-level property' : `${path} has unknown property`} ${quote(extra)}`
    }
    case 'required':
      return `${yaml.locate(pointer)}: ${path === '/' ? 'missing' : `${path} is missing`} required property "${String(params.missingProperty)}"`
    case 'enum':
      return `${yaml.locate(pointer)}: ${path} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    case 'const':
      return `${yaml.locate(pointer)}: ${path} must be ${JSON.stringify(params.allowedValue)}`
    case 'type':
      return `${yaml.locate(pointer)}: ${path === '/' ? 'the file must be a mapping of keys to values' : `${path} must be ${describeType(String(params.type))}`}`
    case 'minProperties':
    case 'minItems':
    case 'minLength':
      return `${yaml.locate(pointer)}: ${path} must not be empty${Number(params.limit) > 1 ? ` (at least ${String(params.limit)})` : ''}`
    case 'uniqueItems': {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b)
      return `${yaml.locate(`${pointer}/${second}`)}: ${path} lists the same value twice (items ${first} and ${second})`
    }
    case 'pattern':
      return `${yaml.locate(pointer)}: ${path} must be ${KNOWN_PATTERNS[String(params.pattern)] ?? `text matching ${String(params.pattern)}`}`
    default:
      return `${yaml.locate(pointer)}: ${path} ${error.message ?? 'is invalid'}`
  }
}

// A JSON Schema type in words: `a whole number`, `a list`
export function describeType(type: string): string {
  return type === 'integer' ? 'a whole number' : type === 'object' ? 'a mapping (key: value)' : type === 'array' ? 'a list' : `a ${type}`
}

// Problems sorted by line then column (stable for equal positions), so they read top to bottom
export function sortByPosition(problems: string[]): string[] {
  const position = (p: string) => /:(\d+):(\d+): /.exec(p)?.slice(1).map(Number) ?? [0, 0]
  return problems
    .map((p, i) => ({ p, i, at: position(p) }))
    .sort((a, b) => (a.at[0] as number) - (b.at[0] as number) || (a.at[1] as number) - (b.at[1] as number) || a.i - b.i)
    .map(({ p }) => p)
}

// A JSON pointer segment, escaped (`~` and `/`)
export function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1')
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return []
  return pointer.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
}

// Walk the document along the pointer; stop at the deepest node that exists
function offsetOf(doc: Document, segments: string[], wantKey: boolean): number {
  const { isMap, isScalar, isSeq } = yaml()
  let node: unknown = doc.contents
  let offset = rangeStart(node) ?? 0
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === segment)
      if (!pair) return offset
      if (last && wantKey) return rangeStart(pair.key) ?? offset
      node = pair.value
    } else if (isSeq(node)) {
      node = node.items[Number(segment)]
    } else {
      return offset
    }
    offset = rangeStart(node) ?? offset
  }
  return offset
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null)?.range?.[0]
}
