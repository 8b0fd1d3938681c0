import { createRequire } from 'node:module'
import type { CST, Document, LineCounter } from 'yaml'
import { aliasProblem } from './alias-expansion.js'

const yaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml') as typeof import('yaml')

/** How much of a YAML file sockgrade reads: a hostile file is refused before it costs time or memory */
export interface YamlLimits {
  /** The whole file, in UTF-8 bytes: parsing 256 KiB of keys in one mapping takes 10 s here (unique keys are quadratic) */
  readonly maxBytes: number
  /** Mappings and lists inside one another: the yaml library builds nodes recursively, and overflows the stack at about 800 */
  readonly maxDepth: number
  /** Values that aliases add, in all: a "billion laughs" file repeats a list of lists through aliases a billion times */
  readonly maxAliasValues: number
}

// A rubric, an assignment.yaml, an expect.yaml: the bundled rubric is 24 KB and 7 levels deep
export const COURSE_YAML_LIMITS: YamlLimits = { maxBytes: 256 * 1024, maxDepth: 64, maxAliasValues: 10_000 }
// A student's sockgrade.yaml is a few lines: 16 KiB parses in 0.2 s whatever it holds
export const STUDENT_YAML_LIMITS: YamlLimits = { ...COURSE_YAML_LIMITS, maxBytes: 16 * 1024 }

/** A limit a file went past: where (an offset in the text) and what, in words */
export interface LimitProblem {
  readonly offset: number
  readonly message: string
}

/** A parsed document, or the one limit the file went past (then nothing of it was built) */
export type BoundedDocument = { readonly doc: Document.Parsed; readonly limit?: undefined } | { readonly doc?: undefined; readonly limit: LimitProblem }

// Parse one YAML document within the limits: size first, then depth on the parser's token tree (built without
// recursion), and only then the nodes; aliases are counted once the document has no syntax error
export function parseBounded(text: string, lineCounter: LineCounter, limits: YamlLimits): BoundedDocument {
  const { Composer, Parser, YAMLParseError } = yaml()
  if (Buffer.byteLength(text) > limits.maxBytes) {
    lineCounter.addNewLine(0)
    return { limit: { offset: 0, message: `the file is larger than ${kib(limits.maxBytes)}, the most sockgrade reads` } }
  }
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text))
  const deep = tooDeep(tokens, limits.maxDepth)
  if (deep !== undefined) return { limit: { offset: deep, message: `lists and mappings are nested more than ${limits.maxDepth} deep here: nest them less` } }
  // As the library's parseDocument does: the first document, and an error for a second one
  let doc: Document.Parsed | undefined
  for (const next of new Composer({ uniqueKeys: true }).compose(tokens, true, text.length)) {
    if (!doc) doc = next
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'))
      break
    }
  }
  if (!doc) throw new Error('The yaml library composed no document')
  const aliases = doc.errors.length ? undefined : aliasProblem(doc, limits.maxAliasValues)
  return aliases ? { limit: aliases } : { doc }
}

// The offset of the first list or mapping nested deeper than maxDepth, walking the token tree with a stack of its own
function tooDeep(tokens: readonly CST.Token[], maxDepth: number): number | undefined {
  const stack: Array<[CST.Token, number]> = tokens.map((token) => [token, 0])
  let first: number | undefined
  while (stack.length) {
    const [token, depth] = stack.pop() as [CST.Token, number]
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth])
      continue
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue
    if (depth >= maxDepth) {
      first = Math.min(first ?? token.offset, token.offset)
      continue
    }
    for (const item of token.items) {
      if (item.key) stack.push([item.key, depth + 1])
      if (item.value) stack.push([item.value, depth + 1])
    }
  }
  return first
}

function kib(bytes: number): string {
  return `${bytes / 1024} KB`
}
