// Escaping for report.html: every interpolated value is escaped unless it is markup this folder built
import { cleanText, studentText, truncate } from '../../reporters/clean.js'

export { cleanText, studentText, truncate }

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

// A short label cut to fit: an ellipsis, no count (the full text goes in a title)
export function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${truncate(text, maxChars - 1).slice(0, maxChars - 1)}…`
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
