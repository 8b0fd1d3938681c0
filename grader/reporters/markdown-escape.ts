// Escaping for GitHub-flavoured Markdown: text a student controlled must read as itself, never as a link, an image,
// raw HTML, a heading, emphasis, a table cell break, a mention or an issue reference
import { cleanText, truncate } from './clean.js'

// ASCII punctuation Markdown acts on, backslash-escaped (CommonMark lets any be): links and images ([ ] ( ) !),
// emphasis (* _ ~), code (`), headings and lists at a line start (# + - .), tables (|), math ($), and the characters
// extended autolinks are found by (: . @), which an escape splits from the text around them
const PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~:@$^=]/g
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }
// GitHub finds @mentions and #references in the rendered text, after escapes are gone: a zero-width space after the
// sign stops both (as Renovate and Dependabot do for @)
const ZERO_WIDTH_SPACE = '\u200b'

// Text for a paragraph or a table cell: cleaned, cut to `maxChars`, escaped; each line break a <br>
export function inline(text: string, maxChars = 4_000): string {
  return truncate(cleanText(text), maxChars)
    .replace(/\t/g, ' ')
    .replace(PUNCTUATION, (c) => `\\${c}${c === '@' || c === '#' ? ZERO_WIDTH_SPACE : ''}`)
    .replace(/[&<>]/g, (c) => HTML[c] as string)
    .replace(/\n/g, '<br>')
}

// A fenced code block around cleaned text, its fence longer than any run of backticks inside, so nothing closes it early
export function codeBlock(text: string): string {
  const body = cleanText(text)
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longestRun + 1))
  return `${fence}\n${body}\n${fence}`
}
