/** An indentation mistake in block YAML: where it is, what is wrong, in plain words */
export interface IndentationMistake {
  /** 1-based line and column of the line's first character */
  readonly line: number
  readonly col: number
  readonly message: string
}

interface Level {
  readonly indent: number
  readonly kind: 'map' | 'seq'
  /** A list written at the indentation of the key that holds it (`checks:` then `- id` under the c) */
  readonly flush?: boolean
}

const KEY = /^(?:"[^"]*"|'[^']*'|[^\s#'"{[\]},&*!|>%@`-][^#]*?|-[^\s#][^#]*?)\s*:(?:\s|$)/

// Find block indentation mistakes, one per mistake: a key or list item indented more or less than the keys or
// items it belongs with. Each mistake is repaired before going on (its children move with it), so one misplaced
// item gives one message, not a cascade. Only meant for text the YAML parser already rejected.
export function indentationMistakes(text: string): { mistakes: IndentationMistake[]; repaired: string } {
  const lines = text.split('\n')
  const mistakes: IndentationMistake[] = []
  const stack: Level[] = [{ indent: 0, kind: 'map' }]
  // The last mistake's line indentation and the shift its children get
  let shift: { under: number; by: number } | undefined
  let opensBlock = true
  let skipDeeperThan: number | undefined
  let flowDepth = 0
  lines.forEach((raw, i) => {
    const leading = /^[ \t]*/.exec(raw)?.[0] ?? ''
    const body = raw.slice(leading.length)
    if (body === '' || body.startsWith('#') || /^(---|\.\.\.)(\s|$)/.test(body) || body.startsWith('%')) return
    if (leading.includes('\t')) return // the parser says tabs are not allowed
    let indent = leading.length
    if (skipDeeperThan !== undefined && indent > skipDeeperThan) return // inside a block scalar (| or >)
    skipDeeperThan = undefined
    if (flowDepth > 0) {
      flowDepth = Math.max(0, flowDepth + bracketBalance(body))
      return
    }
    const isItem = /^-(\s|$)/.test(body)
    const isKey = !isItem && KEY.test(body)
    if (!isItem && !isKey) return // a scalar continuing on the next line
    // Below a repaired line, lines that do not fit where they are moved with it
    if (shift && indent > shift.under) {
      if (!fits(stack, indent, isItem, opensBlock)) indent += shift.by
      lines[i] = ' '.repeat(indent) + body
    } else shift = undefined
    const afterDash = isItem ? body.replace(/^-\s*/, '') : body
    const value = isKey || KEY.test(afterDash) ? afterDash.replace(KEY, '') : afterDash
    const intended = place(stack, indent, isItem, opensBlock)
    if (intended.mistake) {
      mistakes.push({ line: i + 1, col: leading.length + 1, message: intended.mistake })
      lines[i] = ' '.repeat(intended.indent) + body
      indent = intended.indent
    }
    // Deeper lines belong to this one when it is a list item or a key waiting for its value: they move with it
    opensBlock = /^(#.*)?$/.test(value.trim()) || /^[&!][^\s]*\s*(#.*)?$/.test(value.trim())
    if (intended.mistake && (isItem || opensBlock)) shift = { under: leading.length, by: intended.indent - leading.length }
    else if (intended.mistake) shift = undefined
    // A list item that starts a mapping (`- id: x`) opens that mapping's level
    if (isItem && afterDash !== '' && KEY.test(afterDash)) stack.push({ indent: indent + (body.length - afterDash.length), kind: 'map' })
    if (/^[|>][-+0-9]*\s*(#.*)?$/.test(value.trim())) skipDeeperThan = indent
    if (/^[[{]/.test(value.trim())) flowDepth = Math.max(0, bracketBalance(value))
  })
  return { mistakes, repaired: lines.join('\n') }
}

// Would the line fit at this indentation: on an open level of its kind, or one level deeper where a block opens
function fits(stack: readonly Level[], indent: number, isItem: boolean, opensBlock: boolean): boolean {
  if (indent > (stack.at(-1) as Level).indent) return opensBlock
  return stack.some((level) => level.indent === indent && (level.kind === 'seq') === isItem)
}

// Fit a line into the stack of open levels; a mistake says how it should have been indented
function place(stack: Level[], indent: number, isItem: boolean, opensBlock: boolean): { indent: number; mistake?: string } {
  const what = isItem ? 'list item' : 'key'
  const top = stack.at(-1) as Level
  if (indent > top.indent) {
    if (opensBlock) {
      stack.push({ indent, kind: isItem ? 'seq' : 'map' })
      return { indent }
    }
    return { indent: top.indent, mistake: `this ${what} is indented ${columns(indent - top.indent)} more than the ${top.kind === 'seq' ? 'list items' : 'keys'} above it` }
  }
  // Close the deeper levels; remember the closest one of the same kind, to say how far off the line is
  let closed: Level | undefined
  while ((stack.at(-1) as Level).indent > indent) {
    const level = stack.pop() as Level
    if ((level.kind === 'seq') === isItem) closed = level
  }
  const level = stack.at(-1) as Level
  if (level.indent === indent) {
    if (level.kind === 'seq' && !isItem && level.flush) {
      stack.pop()
      return { indent }
    }
    if ((level.kind === 'seq') === isItem) return { indent }
    // A list at the indentation of the key above it, which is waiting for its value
    if (isItem && opensBlock) {
      stack.push({ indent, kind: 'seq', flush: true })
      return { indent }
    }
  }
  if (closed) {
    stack.push(closed)
    return { indent: closed.indent, mistake: `this ${what} is indented ${columns(closed.indent - indent)} less than the ${isItem ? 'list items' : 'keys'} above it` }
  }
  const expected = isItem ? 'a key' : 'a list item ("- ")'
  return { indent: level.indent, mistake: `this ${what} is not lined up with anything above it: expected ${expected} at column ${level.indent + 1}` }
}

function columns(n: number): string {
  return `${n} column${n === 1 ? '' : 's'}`
}

// Opening minus closing brackets outside quotes, for flow collections written over several lines
function bracketBalance(text: string): number {
  let depth = 0
  let quote: string | undefined
  for (const [i, ch] of [...text].entries()) {
    if (quote) {
      if (ch === quote) quote = undefined
    } else if ((ch === '"' || ch === "'") && /(^|[:[{,])\s*$/.test(text.slice(0, i))) quote = ch
    else if (ch === '#') break
    else if (ch === '[' || ch === '{') depth++
    else if (ch === ']' || ch === '}') depth--
  }
  return depth
}
