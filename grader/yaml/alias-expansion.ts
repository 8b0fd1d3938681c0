import { createRequire } from 'node:module'
import type { Document, Node } from 'yaml'
import type { LimitProblem } from './bounded-parse.js'
import { quote } from './quote.js'

const yaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml') as typeof import('yaml')

class Found extends Error {
  constructor(readonly problem: LimitProblem) {
    super(problem.message)
  }
}

// The first alias that names no anchor before it, sits inside the value it names, or takes the values aliases repeat
// past maxValues: what would otherwise throw in toJS, build a value that contains itself, or expand exponentially.
// An alias means the last anchor of its name before it in document order, as the yaml library resolves it
export function aliasProblem(doc: Document.Parsed, maxValues: number): LimitProblem | undefined {
  const { isAlias, isCollection, isNode, isPair } = yaml()
  const anchors = new Map<string, Node>()
  const sizes = new Map<Node, number>()
  const open = new Set<Node>()
  let repeated = 0
  const at = (node: Node, message: string) => new Found({ offset: node.range?.[0] ?? 0, message })
  // The number of values a node stands for once its aliases are expanded
  const size = (node: unknown): number => {
    if (isPair(node)) return size(node.key) + size(node.value)
    if (!isNode(node)) return 0
    if (isAlias(node)) {
      const alias = quote(`*${node.source}`)
      const target = anchors.get(node.source)
      if (!target) throw at(node, `alias ${alias} names no anchor before it: put ${quote(`&${node.source}`)} on a value above it`)
      if (open.has(target)) throw at(node, `alias ${alias} is inside the value it repeats: a value cannot contain itself`)
      const values = sizes.get(target) ?? 1
      repeated += values
      if (repeated > maxValues) throw at(node, `alias ${alias} brings the values aliases repeat past ${maxValues}: use fewer aliases`)
      return values
    }
    if (node.anchor) anchors.set(node.anchor, node)
    open.add(node)
    let values = 1
    if (isCollection(node)) for (const item of node.items) values += size(item)
    open.delete(node)
    sizes.set(node, values)
    return values
  }
  try {
    size(doc.contents)
    return undefined
  } catch (error) {
    if (error instanceof Found) return error.problem
    throw error
  }
}
