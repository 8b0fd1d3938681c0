import { createRequire } from 'node:module'
import type { Ajv } from 'ajv'

// A fresh ajv reporting every error; the library is loaded on first use, since a grading with the bundled rubric never needs it
export function newAjv(): Ajv {
  const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv')
  return new AjvClass({ allErrors: true })
}
