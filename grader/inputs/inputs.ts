import type { Assignment } from '../assignments/assignment.js'
import type { Random } from '../random.js'
import { sentenceKinds, sentences, type SentenceKind } from '../sentences.js'
import { parseTemplate } from './template.js'

/** `inputs:` in assignment.yaml: what the grader sends, seeded. Sentences of all kinds when not given */
export type InputsSpec =
  | { readonly sentences: readonly SentenceKind[] }
  /** `order: written` sends the list as written, from its first item (SET before GET); the default is a seeded order */
  | { readonly list: readonly string[]; readonly order?: 'seeded' | 'written' }
  /** `include`: inputs every draw of two or more holds beside the template's, at seeded places (a division by zero) */
  | { readonly template: string; readonly include?: readonly string[] }
  /** Bytes written in hex ("68 69 ff"), for servers that must take any bytes: invalid UTF-8, binary. Server checks only */
  | { readonly bytes: readonly string[] }

/** What the grader sends a server (and types into a client), drawn from the check's seeded random source */
export interface Inputs {
  /** Sentences: probes may pick kinds of them, and build long messages from them */
  readonly sentences: boolean
  /** Bytes, not text: a client cannot be given them to type (each input is a string of one char per byte) */
  readonly bytes: boolean
  /** The bytes an input is sent as: UTF-8 for text, one byte per char for bytes */
  encode(input: string): Buffer
  /** `count` inputs; `kinds` picks sentence kinds, when the inputs are sentences */
  draw(random: Random, count: number, kinds?: readonly SentenceKind[]): string[]
}

// The inputs an assignment declares; by default a table's own inputs, else sentences of every kind
export function inputsFor(assignment: Pick<Assignment, 'inputs' | 'answer'>): Inputs {
  const { answer } = assignment
  const spec = assignment.inputs ?? (typeof answer === 'object' && 'table' in answer ? { list: Object.keys(answer.table) } : { sentences: sentenceKinds })
  const text = { sentences: false, bytes: false, encode: (input: string) => Buffer.from(input) }
  if ('sentences' in spec) return { ...text, sentences: true, draw: (random, count, kinds) => sentences(random, count, kinds ?? spec.sentences) }
  if ('template' in spec) {
    const template = parseTemplate(spec.template)
    const include = spec.include ?? []
    return { ...text, draw: (random, count) => withIncluded(Array.from({ length: count }, () => template.fill(random)), include, random) }
  }
  if ('bytes' in spec) {
    const items = spec.bytes.map((hex) => hexBytes(hex)?.toString('latin1') as string)
    return { sentences: false, bytes: true, encode: (input) => Buffer.from(input, 'latin1'), draw: (random, count) => fromList(items, random, count) }
  }
  const { list } = spec
  if (spec.order === 'written') return { ...text, draw: (_random, count) => Array.from({ length: count }, (_, i) => list[i % list.length] as string) }
  return { ...text, draw: (random, count) => fromList(list, random, count) }
}

// The bytes a hex input stands for ("68 69 ff", "6869ff"), or undefined when it is not pairs of hex digits
export function hexBytes(hex: string): Buffer | undefined {
  const digits = hex.replace(/\s+/g, '')
  return /^(?:[0-9a-fA-F]{2})+$/.test(digits) ? Buffer.from(digits, 'hex') : undefined
}

// The drawn inputs with the included ones put in at seeded places, as many as fit while one drawn input stays: a
// probe that sends one input (a client run) sends the template's
function withIncluded(drawn: string[], include: readonly string[], random: Random): string[] {
  const places = fromList(drawn.map((_, index) => String(index)), random, Math.min(include.length, drawn.length - 1))
  places.forEach((place, i) => (drawn[Number(place)] = include[i] as string))
  return drawn
}

// Every item once, in a seeded order, before any repeats
function fromList(items: readonly string[], random: Random, count: number): string[] {
  const drawn: string[] = []
  while (drawn.length < count) {
    const round = [...items]
    for (let i = round.length - 1; i > 0; i--) {
      const j = random.int(0, i)
      ;[round[i], round[j]] = [round[j] as string, round[i] as string]
    }
    drawn.push(...round.slice(0, count - drawn.length))
  }
  return drawn
}

// Why a spec cannot be used (a template field of an unknown type, an input with a line break), or undefined
export function inputsSpecProblem(spec: InputsSpec): { key: string; index?: number; problem: string } | undefined {
  const kinds = ['sentences', 'list', 'template', 'bytes'].filter((key) => key in spec)
  if ('order' in spec && !('list' in spec)) return { key: 'order', problem: 'order goes with a list: give the list too' }
  if ('include' in spec && !('template' in spec)) return { key: 'include', problem: 'include goes with a template: give the template too' }
  if (kinds.length !== 1) return { key: kinds[1] ?? 'sentences', problem: `give one of sentences, list, template or bytes${kinds.length ? `, not ${kinds.join(' and ')}` : ''}` }
  if ('bytes' in spec) {
    const index = spec.bytes.findIndex((hex) => hexBytes(hex) === undefined)
    if (index >= 0) return { key: 'bytes', index, problem: 'not bytes in hex: write each input as pairs of hex digits, spaces allowed between them ("68 69 ff")' }
  }
  if ('template' in spec) {
    try {
      parseTemplate(spec.template)
    } catch (error) {
      return { key: 'template', problem: (error as Error).message }
    }
    if (/[\r\n]/.test(spec.template)) return { key: 'template', problem: LINE_BREAK }
    const included = spec.include ? listProblem(spec.include) : undefined
    if (included) return { key: 'include', ...included }
  }
  const listed = 'list' in spec ? listProblem(spec.list) : undefined
  return listed ? { key: 'list', ...listed } : undefined
}

// The first input of a list that cannot be sent, and why
function listProblem(items: readonly string[]): { index: number; problem: string } | undefined {
  const empty = items.indexOf('')
  if (empty >= 0) return { index: empty, problem: 'an input cannot be empty' }
  const index = items.findIndex((item) => /[\r\n]/.test(item))
  return index >= 0 ? { index, problem: LINE_BREAK } : undefined
}

const LINE_BREAK = 'an input cannot hold a line break: a client reads one line per input, and lines end at one'
