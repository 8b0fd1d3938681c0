import { createHash } from 'node:crypto'

// The hash form CSP expects for an inline <script> or <style>: sha256 of its exact text, base64
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}

// Nothing may load, connect, frame or submit: only the page's own script and stylesheet run, each allowed by its hash
export function contentSecurityPolicy(script: string, styles: string): string {
  return [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(styles)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}
