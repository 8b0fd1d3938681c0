import type { Random } from '../random.js'
import { sentence } from '../sentences.js'

/** The field types a template may hold, as `{type}` or `{type:setting}` */
export const templateFieldTypes = ['int', 'choice', 'word', 'sentence'] as const

const WORDS = ['apple', 'river', 'socket', 'window', 'garden', 'planet', 'signal', 'yellow', 'coffee', 'little', 'stone', 'ocean']

type Part = string | ((random: Random) => string)

/** A template read once: its fields drawn anew on each fill */
export interface Template {
  fill(random: Random): string
}

// Parse `12 {choice:+,-} {int:1..9}`: `{{` and `}}` stand for braces; a field that cannot be used throws its reason
export function parseTemplate(text: string): Template {
  const parts: Part[] = []
  let literal = ''
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string
    if ((char === '{' || char === '}') && text[i + 1] === char) {
      literal += char
      i++
      continue
    }
    if (char === '}') throw new Error(`a "}" at character ${i + 1} closes no field (write "}}" for a brace)`)
    if (char !== '{') {
      literal += char
      continue
    }
    const end = text.indexOf('}', i)
    if (end < 0) throw new Error(`the field opened at character ${i + 1} is not closed with "}"`)
    if (literal) parts.push(literal)
    literal = ''
    parts.push(field(text.slice(i + 1, end), i + 1))
    i = end
  }
  if (literal) parts.push(literal)
  return { fill: (random) => parts.map((part) => (typeof part === 'string' ? part : part(random))).join('') }
}

// One field, `int:1..100`, `choice:+,-`, `word` or `sentence`, as a function of the random source
function field(body: string, at: number): (random: Random) => string {
  const [type = '', setting] = splitOnce(body, ':')
  switch (type) {
    case 'int': {
      const range = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$/.exec(setting ?? '')
      if (!range) throw new Error(`{int} at character ${at} needs a range, as {int:1..100}`)
      const [low, high] = [Number(range[1]), Number(range[2])]
      if (low > high) throw new Error(`{int:${setting}} at character ${at}: the range goes down`)
      return (random) => String(random.int(low, high))
    }
    case 'choice': {
      const items = (setting ?? '').split(',')
      if (setting === undefined || items.some((item) => item === '')) throw new Error(`{choice} at character ${at} needs items separated by commas, as {choice:+,-,*,/}`)
      return (random) => random.pick(items)
    }
    case 'word':
    case 'sentence':
      if (setting !== undefined) throw new Error(`{${type}} at character ${at} takes no setting`)
      return type === 'word' ? (random) => random.pick(WORDS) : (random) => sentence(random, 'basic')
    default:
      throw new Error(`{${body}} at character ${at}: unknown field type "${type}" (one of: ${templateFieldTypes.join(', ')})`)
  }
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator)
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)]
}
