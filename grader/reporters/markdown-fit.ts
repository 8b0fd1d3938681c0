// The size a Markdown document may have. A pull-request comment holds at most 65,536 characters and a step summary
// 1 MiB: the smaller, so one document fits both (counted in UTF-16 code units, never fewer than characters)
export const MAX_MARKDOWN_CHARS = 65_536

const CUT_NOTE = '\n\n_… cut to fit the 65,536 characters of a GitHub comment_\n'

// The first rendering that fits; when none does, the last one cut at a line boundary, saying so
export function fitDocument(renderings: readonly (() => string)[]): string {
  let text = ''
  for (const render of renderings) {
    text = render()
    if (text.length <= MAX_MARKDOWN_CHARS) return text
  }
  const room = MAX_MARKDOWN_CHARS - CUT_NOTE.length
  const line = text.lastIndexOf('\n', room)
  // Without a line break to cut at, never split a surrogate pair
  const cut = line > 0 ? line : /[\ud800-\udbff]/.test(text.charAt(room - 1)) ? room - 1 : room
  return `${text.slice(0, cut)}${CUT_NOTE}`
}
