import { html, Markup } from './escape.js'
import { PAGE_STYLES } from './styles.js'

// The <head> of every page sockgrade writes: UTF-8, the Content-Security-Policy, no referrer, a viewport, the title
// (escaped), and the stylesheet inline (the policy allows it by its hash)
export function pageHead(title: string, policy: string): Markup {
  return html`<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new Markup(PAGE_STYLES)}</style>
</head>`
}
