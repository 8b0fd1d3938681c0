// The fenced code blocks of a Markdown page, for the tests that run what the docs show

// The fenced blocks of a Markdown page in the given language ('' for none; undefined: all), in order
export function fenced(markdown: string, language?: string): string[] {
  const blocks: { language: string; text: string }[] = []
  let open: { language: string; lines: string[] } | undefined
  for (const line of markdown.split('\n')) {
    if (open === undefined && line.startsWith('```')) open = { language: line.slice(3).trim(), lines: [] }
    else if (open !== undefined && line === '```') {
      blocks.push({ language: open.language, text: open.lines.map((l) => `${l}\n`).join('') })
      open = undefined
    } else open?.lines.push(line)
  }
  return blocks.filter((b) => language === undefined || b.language === language).map((b) => b.text)
}
