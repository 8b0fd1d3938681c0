// Escaping for report.html: every interpolated value is escaped unless it is markup this folder built

/** Markup built by this folder: `html` inserts it as is; any other value is escaped */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

// The five characters that matter in HTML text and in double- or single-quoted attributes
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

// Remove what a terminal would interpret (ANSI CSI and OSC sequences) and every other control character but tab
// and newline; U+2028/U+2029 become spaces and lone surrogates U+FFFD, so nothing hides or breaks a line unseen
export function cleanText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
      .replace(/[\u2028\u2029]/g, ' ')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
  )
}

// Cut text to at most `maxChars` characters, saying how much was left out
export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text
  // Never split a surrogate pair
  const cut = text.slice(0, /[\ud800-\udbff]/.test(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars)
  return `${cut}… (${text.length - cut.length} more characters)`
}

// A short label cut to fit: an ellipsis, no count (the full text goes in a title)
export function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${truncate(text, maxChars - 1).slice(0, maxChars - 1)}…`
}

// Clean, then cap: what a student controlled, ready for `html` to escape
export function studentText(text: string, maxChars: number): string {
  return truncate(cleanText(text), maxChars)
}

type Value = Markup | string | number | boolean | null | undefined | readonly Value[]

function render(value: Value): string {
  if (value instanceof Markup) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  if (value === null || value === undefined || value === false || value === true) return ''
  return escapeHtml(cleanText(String(value)))
}

// A template tag that escapes (and cleans) every value but Markup, so forgetting to escape is not possible
export function html(strings: TemplateStringsArray, ...values: readonly Value[]): Markup {
  let out = strings[0] as string
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] as string)
  })
  return new Markup(out)
}
