import { createRequire } from 'node:module'
import { COURSE_YAML_LIMITS, parseBounded, type YamlLimits } from './bounded-parse.js'
import { indentationMistakes } from './indentation.js'
import { duplicateKey } from './located-yaml.js'
import { quote } from './quote.js'

const yaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml') as typeof import('yaml')

interface Mistake {
  readonly line: number
  readonly col: number
  readonly message: string
}

// The syntax errors of YAML text a person can act on: one per mistake, in plain words, sorted by line, each
// `file:line:col: message` followed by the offending line and a caret under the column. A file past the limits (size,
// nesting, aliases) gets that one line alone: nothing else of it was read
export function syntaxProblems(text: string, label: string, limits: YamlLimits = COURSE_YAML_LIMITS): string[] {
  const first = parserMistakes(text, limits)
  if ('limit' in first) return [`${label}:${first.limit.line}:${first.limit.col}: ${first.limit.message}`]
  const { mistakes, repaired } = indentationMistakes(text)
  const found: Mistake[] = [...mistakes]
  // Whatever the parser still finds once the indentation is repaired is another mistake; one message a line
  const again = mistakes.length ? parserMistakes(repaired, limits) : first
  const seenLines = new Set(mistakes.map((m) => m.line))
  for (const error of 'limit' in again ? [] : again.mistakes) {
    if (seenLines.has(error.line)) continue
    seenLines.add(error.line)
    found.push(error)
  }
  return found
    .sort((a, b) => a.line - b.line || a.col - b.col)
    .map((m) => `${label}:${m.line}:${m.col}: ${m.message}\n${codeFrame(text, m.line, m.col)}`)
}

// Of a long line, the frame shows this many characters around the column
const FRAME_CHARS = 120

// The line and a caret under the column, numbered as editors number lines; of a long line, only the part around the
// column, with an ellipsis where it was cut
export function codeFrame(text: string, line: number, col: number): string {
  const whole = text.split('\n')[line - 1]?.replace(/\r$/, '') ?? ''
  const start = whole.length > FRAME_CHARS ? Math.max(0, Math.min(col - 1 - FRAME_CHARS / 2, whole.length - FRAME_CHARS)) : 0
  const cut = whole.slice(start, start + FRAME_CHARS)
  const source = `${start > 0 ? '…' : ''}${cut}${start + FRAME_CHARS < whole.length ? '…' : ''}`
  const number = String(line)
  const pad = ' '.repeat(number.length)
  // Tabs before the column stay tabs, so the caret lines up in any terminal
  const before = `${start > 0 ? ' ' : ''}${whole.slice(start, col - 1).replace(/[^\t]/g, ' ')}`
  return `  ${number} | ${source}\n  ${pad} | ${before}^`
}

function parserMistakes(text: string, limits: YamlLimits): { mistakes: Mistake[] } | { limit: Mistake } {
  const lineCounter = new (yaml().LineCounter)()
  const parsed = parseBounded(text, lineCounter, limits)
  if (!parsed.doc) return { limit: { ...lineCounter.linePos(parsed.limit.offset), message: parsed.limit.message } }
  const mistakes = parsed.doc.errors.map((error) => {
    const offset = error.pos[0]
    const unclosed = /^Flow (sequence|map) in block collection/.exec(error.message)
    if (unclosed) {
      const opener = unclosedBracket(text, offset, unclosed[1] === 'map' ? '{' : '[')
      if (opener !== undefined) {
        const at = lineCounter.linePos(opener)
        return { ...at, message: `this "${text[opener]}" is never closed: add "${text[opener] === '{' ? '}' : ']'}" where the ${unclosed[1] === 'map' ? 'mapping' : 'list'} ends` }
      }
    }
    return { ...lineCounter.linePos(offset), message: plainWords(error.code, error.message, text, offset) }
  })
  return { mistakes }
}

function plainWords(code: string, message: string, text: string, offset: number): string {
  if (code === 'DUPLICATE_KEY') return `duplicate key ${quote(duplicateKey(text, offset))}`
  if (code === 'MULTIPLE_DOCS') return 'only one YAML document is allowed: remove the second "---"'
  if (code === 'TAB_AS_INDENT') return 'this line is indented with a tab: indent with spaces'
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && message.startsWith('Nested mappings')) return 'a value cannot contain ": " unless it is in quotes'
  if (code === 'BAD_INDENT' && message.startsWith('All mapping items')) return 'this key is not lined up with the keys above it'
  if (code === 'MISSING_CHAR' && message.startsWith('Missing closing')) return `a quoted value above is never closed: add the closing ${message.includes('"') && !message.includes("'") ? '"' : 'quote'}`
  if (code === 'UNEXPECTED_TOKEN' && message.startsWith('Unexpected scalar at node end')) return 'unexpected text after the value: put the whole value in quotes'
  const first = message.split('\n')[0] ?? message
  return first.charAt(0).toLowerCase() + first.slice(1)
}

// The offset of the last bracket of this kind still open at `end`, outside quotes and comments
function unclosedBracket(text: string, end: number, kind: '[' | '{'): number | undefined {
  const open: number[] = []
  let quote: string | undefined
  for (let i = 0; i < end; i++) {
    const ch = text[i] as string
    if (quote) {
      if (ch === quote) quote = undefined
      else if (ch === '\n' && quote === '#') quote = undefined
    } else if ((ch === '"' || ch === "'") && /(^|[\n:[{,-])\s*$/.test(text.slice(Math.max(0, i - 40), i))) quote = ch
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) quote = '#'
    else if (ch === '[' || ch === '{') open.push(i)
    else if (ch === ']' || ch === '}') open.pop()
  }
  return [...open].reverse().find((i) => text[i] === kind)
}
