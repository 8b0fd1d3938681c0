import { cleanText } from './clean.js'

const CODES = { red: [31, 39], green: [32, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22], cyan: [36, 39] } as const
export type Style = keyof typeof CODES

// Wrap text in an ANSI style when colour is on; reporters stay pure because the caller decides
export function paint(color: boolean, style: Style, text: string): string {
  if (!color) return text
  const [open, close] = CODES[style]
  return `\u001b[${open}m${text}\u001b[${close}m`
}

// Remove ANSI escape sequences (CSI, OSC and the rest) and other control characters a student program printed
export function stripControl(text: string): string {
  return cleanText(text)
}
