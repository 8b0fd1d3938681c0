// Cleaning of text a student program controlled, shared by every reporter: what a terminal, an XML parser, a
// Markdown renderer or a workflow-command parser would act on is removed before the format's own escaping

/* eslint-disable no-control-regex */
const SEQUENCES = new RegExp(
  [
    // OSC, DCS, SOS, PM, APC (7-bit and C1): a string up to BEL or ST; one never ended runs to the end, as a terminal would take it
    '(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d\\u009e\\u009f])[\\s\\S]*?(?:\\u0007|\\u001b\\\\|\\u009c|$)',
    // CSI (7-bit and C1): parameters, intermediates, a final byte
    '(?:\\u001b\\[|\\u009b)[0-?]*[ -/]*[@-~]',
    // Every other escape sequence: intermediates and a final byte (ESC c, ESC ( B, ESC 7)
    '\\u001b[ -/]*[0-~]',
  ].join('|'),
  'g',
)
// Line breaks of every kind, and tabs: one space, so a name cannot start a line of its own
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g
// What is left after the sequences: C0 but tab and newline, a lone ESC, DEL, C1, and the bidirectional controls
// that make text display in another order than it reads
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
// Code points XML 1.0 forbids even as references once the above is gone: U+FFFE and U+FFFF
const XML_NONCHARACTERS = /[\ufffe\uffff]/g
/* eslint-enable no-control-regex */

// Multi-line text (a message, a transcript line) with every terminal sequence and control character removed but tab
// and newline; "\r\n" and a lone "\r" become "\n", U+2028/U+2029 a space, a lone surrogate U+FFFD. Safe in XML 1.0
export function cleanText(text: string): string {
  return text
    .replace(SEQUENCES, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, ' ')
    .replace(CONTROLS, '')
    .replace(LONE_SURROGATES, '\ufffd')
    .replace(XML_NONCHARACTERS, '\ufffd')
}

// Text that must stay on one line (a name, a file name, a title): cleaned, every line break and tab one space
export function printable(text: string): string {
  return cleanText(text.replace(SEQUENCES, '').replace(BREAKS, ' '))
}

// Cut text to at most `maxChars` characters, saying how much was left out; never splits a surrogate pair
export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text
  const cut = text.slice(0, /[\ud800-\udbff]/.test(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars)
  return `${cut}… (${text.length - cut.length} more characters)`
}

// Clean, then cap: what a student controlled, ready for a format's own escaping
export function studentText(text: string, maxChars: number): string {
  return truncate(cleanText(text), maxChars)
}

// Cut UTF-8 text to at most `maxBytes` bytes at a character boundary, saying so within the budget
export function truncateBytes(text: string, maxBytes: number, note = '\n… (cut to fit)'): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  const room = Math.max(0, maxBytes - Buffer.byteLength(note))
  let cut = Buffer.from(text).subarray(0, room).toString('utf8')
  // A character cut in half decodes as U+FFFD: drop it
  if (cut.endsWith('\ufffd') && !text.startsWith(cut)) cut = cut.slice(0, -1)
  while (Buffer.byteLength(cut) > room) cut = cut.slice(0, -1)
  return `${cut}${note}`
}
