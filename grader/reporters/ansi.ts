const CODES = { red: [31, 39], green: [32, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22], cyan: [36, 39] } as const
export type Style = keyof typeof CODES

// Wrap text in an ANSI style when colour is on; reporters stay pure because the caller decides
export function paint(color: boolean, style: Style, text: string): string {
  if (!color) return text
  const [open, close] = CODES[style]
  return `\u001b[${open}m${text}\u001b[${close}m`
}

// Remove ANSI escape sequences and other terminal control characters a student program printed
export function stripControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
}
