import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from './paths.js'

let version: string | undefined

// sockgrade's own version, from its package.json (what --version prints and every batch records)
export function sockgradeVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version
  return version
}
