import { printable } from '../reporters/clean.js'

// Text quoted from a file someone else wrote
const QUOTED_CHARS = 200

// Text from a file, in double quotes, on one line and cut to 200 characters with an ellipsis: a message never
// echoes a hostile line whole
export function quote(text: string): string {
  const line = printable(text)
  if (line.length <= QUOTED_CHARS) return `"${line}"`
  const cut = line.slice(0, /[\ud800-\udbff]/.test(line.charAt(QUOTED_CHARS - 1)) ? QUOTED_CHARS - 1 : QUOTED_CHARS)
  return `"${cut}…"`
}
