import type { ErrorObject, ValidateFunction } from 'ajv'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml'

/** A parsed YAML file that can say where any value of it came from */
export interface LocatedYaml {
  readonly value: unknown
  /** `file:line:col` of the node at a JSON pointer (or of its nearest existing parent) */
  locate(pointer: string, options?: { key?: boolean }): string
  /** Syntax errors, already formatted as `file:line:col: message` */
  readonly syntaxErrors: readonly string[]
}

// Parse YAML keeping positions, so every later error can name file:line:col
export function parseLocatedYaml(text: string, fileLabel: string): LocatedYaml {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset)
    return `${fileLabel}:${line}:${col}`
  }
  const syntaxErrors = doc.errors.map((e) => `${at(e.pos[0])}: ${firstLine(e.message)}`)
  return {
    value: syntaxErrors.length ? undefined : doc.toJS({ maxAliasCount: 100 }),
    syntaxErrors,
    locate: (pointer, options) => at(offsetOf(doc, pointerSegments(pointer), options?.key ?? false)),
  }
}

// Turn ajv errors into `file:line:col: /path message` lines, most specific position first
export function schemaProblems(validate: ValidateFunction, yaml: LocatedYaml): string[] {
  if (validate(yaml.value)) return []
  return (validate.errors ?? []).map((error) => formatAjvError(error, yaml))
}

function formatAjvError(error: ErrorObject, yaml: LocatedYaml): string {
  const path = error.instancePath || '/'
  if (error.keyword === 'additionalProperties') {
    const extra = String(error.params.additionalProperty)
    const pointer = `${error.instancePath}/${escapePointer(extra)}`
    return `${yaml.locate(pointer, { key: true })}: ${path} has unknown property "${extra}"`
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')
    return `${yaml.locate(error.instancePath)}: ${path} must be one of ${allowed}`
  }
  return `${yaml.locate(error.instancePath)}: ${path} ${error.message ?? 'is invalid'}`
}

export function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1')
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return []
  return pointer.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
}

// Walk the document along the pointer; stop at the deepest node that exists
function offsetOf(doc: Document, segments: string[], wantKey: boolean): number {
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

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message
}
