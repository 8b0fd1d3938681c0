import type { ErrorObject, ValidateFunction } from 'ajv'
import { describeType, escapePointer, KNOWN_PATTERNS, sortByPosition, type LocatedYaml } from './located-yaml.js'
import { quote } from './quote.js'

/** Where an ajv error's instancePath starts, and how to name what it points at */
export interface NamedFrame {
  /** JSON pointer of the validated value inside the file: errors are located from it */
  readonly base: string
  /** Names a pointer (under base) for messages, like `uppercase-udp › server-answers-basic › points`; "" for the file */
  readonly name: (pointer: string) => string
}

// One ajv error as `file:line:col: name: what must change`, at the key for unknown properties
export function formatNamedAjvError(error: ErrorObject, yaml: LocatedYaml, frame: NamedFrame): string {
  const pointer = `${frame.base}${error.instancePath}`
  const name = frame.name(pointer)
  const lead = name ? `${name}: ` : ''
  const params = error.params as Record<string, unknown>
  const at = (p = pointer, key = false) => `${yaml.locate(p, { key })}: ${lead}`
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String(params.additionalProperty)
      return `${at(`${pointer}/${escapePointer(extra)}`, true)}unknown ${name ? '' : 'top-level '}property ${quote(extra)}`
    }
    case 'required':
      return `${at()}missing required property "${String(params.missingProperty)}"`
    case 'enum':
      return `${at()}must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    case 'const':
      return `${at()}must be ${JSON.stringify(params.allowedValue)}`
    case 'type':
      return name ? `${at()}must be ${describeType(String(params.type))}` : `${at()}the file must be a mapping of keys to values`
    case 'minProperties':
    case 'minItems':
    case 'minLength':
      return `${at()}must not be empty${Number(params.limit) > 1 ? ` (at least ${String(params.limit)})` : ''}`
    case 'maxProperties':
      return `${at()}must have at most ${String(params.limit)} key${Number(params.limit) === 1 ? '' : 's'} (give one of them)`
    case 'uniqueItems': {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b) as [number, number]
      return `${at(`${pointer}/${second}`)}lists the same value twice (items ${first + 1} and ${second + 1})`
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const words = { minimum: 'at least', exclusiveMinimum: 'more than', maximum: 'at most', exclusiveMaximum: 'less than' }[error.keyword]
      return `${at()}must be ${words} ${String(params.limit)}`
    }
    case 'pattern':
      return `${at()}must be ${KNOWN_PATTERNS[String(params.pattern)] ?? `text matching ${String(params.pattern)}`}`
    default:
      return `${at()}${error.message ?? 'is invalid'}`
  }
}

// A JSON pointer named by its keys: `/server/command` is `server › command`
export function pointerName(pointer: string): string {
  return pointer === '' ? '' : pointer.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~')).join(' › ')
}

// Every schema error of a parsed file as `file:line:col: name: message`, top to bottom
export function namedSchemaProblems(validate: ValidateFunction, yaml: LocatedYaml, name: (pointer: string) => string = pointerName): string[] {
  if (validate(yaml.value)) return []
  return sortByPosition(withinAnyOfBranch(validate.errors ?? []).map((error) => formatNamedAjvError(error, yaml, { base: '', name })))
}

// For a value that matches no branch of an anyOf (a rule's name, or a mapping of its settings), only the errors of the
// branch of the value's type: the others only say it has another type. No branch of its type: one error naming them
export function withinAnyOfBranch(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = [...errors]
  for (const anyOf of errors.filter((e) => e.keyword === 'anyOf')) {
    const inside = (e: ErrorObject) => e.schemaPath.startsWith(`${anyOf.schemaPath}/`)
    const branch = (e: ErrorObject) => e.schemaPath.slice(anyOf.schemaPath.length + 1).split('/')[0] as string
    const branches = [...new Set(kept.filter(inside).map(branch))]
    const wrongType = (b: string) => kept.some((e) => inside(e) && branch(e) === b && e.keyword === 'type' && e.instancePath === anyOf.instancePath)
    const fitting = branches.filter((b) => !wrongType(b))
    const types = kept.filter((e) => inside(e) && e.keyword === 'type' && e.instancePath === anyOf.instancePath).map((e) => describeType(String((e.params as { type: string }).type)))
    const instead: ErrorObject[] = fitting.length ? kept.filter((e) => inside(e) && branch(e) === fitting[0]) : [{ ...anyOf, keyword: 'anyOfType', message: `must be ${types.join(' or ')}` }]
    kept = [...kept.filter((e) => e !== anyOf && !inside(e)), ...instead]
  }
  return kept
}
