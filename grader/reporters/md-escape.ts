// Markdown for text a student controlled, for renderers as strict as CommonMark or as loose as Markdown.pl: nothing a
// student printed may become a link, an image, HTML, a heading or a list
import { cleanText } from './clean.js'

// Every ASCII punctuation character Markdown acts on, escaped with a backslash (Markdown.pl and CommonMark both honour it)
const PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~=]/g
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }

// Text that renders as itself: cleaned, punctuation escaped, `&<>` as entities (no tag, entity or autolink `<...>`),
// and a zero-width space inside "://", "www." and after "@" so GFM's bare-URL and e-mail autolinks do not fire.
// Line breaks stay line breaks (hard ones)
export function markdownText(text: string): string {
  return cleanText(text)
    .replace(/[&<>]/g, (c) => ENTITIES[c] as string)
    .replace(PUNCTUATION, (c) => `\\${c}`)
    .replace(/:(?=\/\/)/g, ':\u200b')
    .replace(/www(?=\\\.)/gi, (w) => `${w}\u200b`)
    .replace(/@/g, '@\u200b')
    .split('\n')
    .join('  \n')
}
