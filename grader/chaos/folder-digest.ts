import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

// Every file of a folder with its content hash, as one string: equal digests mean an unchanged folder
export function folderDigest(dir: string): string {
  const hash = createHash('sha256')
  const walk = (path: string): void => {
    const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const full = join(path, entry.name)
      hash.update(`${relative(dir, full)}\0${entry.isDirectory() ? 'dir' : 'file'}\0`)
      if (entry.isDirectory()) walk(full)
      else hash.update(readFileSync(full))
    }
  }
  walk(dir)
  return hash.digest('hex')
}
