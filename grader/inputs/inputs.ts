import type { Assignment } from '../assignments/assignment.js'
import type { Random } from '../random.js'
import { sentenceKinds, sentences, type SentenceKind } from '../sentences.js'
import { parseTemplate } from './template.js'

/** `inputs:` in assignment.yaml: what the grader sends, seeded. Sentences of all kinds when not given */
export type InputsSpec = { readonly sentences: readonly SentenceKind[] } | { readonly list: readonly string[] } | { readonly template: string }

/** What the grader sends a server (and types into a client), drawn from the check's seeded random source */
export interface Inputs {
  /** Sentences: probes may pick kinds of them, and build long messages from them */
  readonly sentences: boolean
  /** `count` inputs; `kinds` picks sentence kinds, when the inputs are sentences */
  draw(random: Random, count: number, kinds?: readonly SentenceKind[]): string[]
}

// The inputs an assignment declares; by default a table's own inputs, else sentences of every kind
export function inputsFor(assignment: Pick<Assignment, 'inputs' | 'answer'>): Inputs {
  const { answer } = assignment
  const spec = assignment.inputs ?? (typeof answer === 'object' && 'table' in answer ? { list: Object.keys(answer.table) } : { sentences: sentenceKinds })
  if ('sentences' in spec) return { sentences: true, draw: (random, count, kinds) => sentences(random, count, kinds ?? spec.sentences) }
  if ('template' in spec) {
    const template = parseTemplate(spec.template)
    return { sentences: false, draw: (random, count) => Array.from({ length: count }, () => template.fill(random)) }
  }
  return { sentences: false, draw: (random, count) => fromList(spec.list, random, count) }
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
  if ('template' in spec) {
    try {
      parseTemplate(spec.template)
    } catch (error) {
      return { key: 'template', problem: (error as Error).message }
    }
    if (/[\r\n]/.test(spec.template)) return { key: 'template', problem: LINE_BREAK }
  }
  if ('list' in spec) {
    const empty = spec.list.indexOf('')
    if (empty >= 0) return { key: 'list', index: empty, problem: 'an input cannot be empty' }
    const index = spec.list.findIndex((item) => /[\r\n]/.test(item))
    if (index >= 0) return { key: 'list', index, problem: LINE_BREAK }
  }
  return undefined
}

const LINE_BREAK = 'an input cannot hold a line break: a client reads one line per input, and lines end at one'
