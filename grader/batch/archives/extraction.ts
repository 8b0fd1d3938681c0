import { mkdirSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { ArchiveRefusedError } from './archive-refused-error.js'

/** What an extraction wrote, and what it left out on purpose (links, macOS metadata), in sentences for the report */
export interface ExtractionResult {
  readonly files: number
  /** Entries of any kind read (files, folders, links, metadata left out): what counts against the entry cap */
  readonly entries: number
  readonly bytes: number
  readonly notes: readonly string[]
}

/** What each extractor collects while it runs: turned into the result's notes at the end */
export interface LeftOut {
  readonly links: string[]
  readonly special: string[]
  macMetadata: number
}

export function emptyLeftOut(): LeftOut {
  return { links: [], special: [], macMetadata: 0 }
}

// Notes in the order a TA reads them: links first, as they are the surprising part
export function leftOutNotes(archive: string, leftOut: LeftOut): string[] {
  const notes: string[] = []
  if (leftOut.links.length) notes.push(`left out of "${archive}": ${listed(leftOut.links)} (links are never extracted)`)
  if (leftOut.special.length) notes.push(`left out of "${archive}": ${listed(leftOut.special)} (not regular files)`)
  if (leftOut.macMetadata) notes.push(`left out of "${archive}": ${leftOut.macMetadata} macOS metadata file${leftOut.macMetadata === 1 ? '' : 's'} (__MACOSX, ._*)`)
  return notes
}

// The absolute file an entry's safe relative path is written to, creating its folder; checked again against the
// destination so that a bug in the name checks cannot write outside it
export function prepareTarget(archive: string, destDir: string, path: string, entryName: string): string {
  const target = resolve(destDir, path)
  const inside = relative(resolve(destDir), target)
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..') throw new ArchiveRefusedError(archive, `entry "${entryName}" would be written outside the student's folder`)
  mkdirSync(dirname(target), { recursive: true })
  return target
}

export function mkdirEntry(archive: string, destDir: string, path: string, entryName: string): void {
  if (path === '') return
  mkdirSync(prepareTarget(archive, destDir, join(path, '.keep'), entryName).slice(0, -'/.keep'.length), { recursive: true })
}

function listed(items: readonly string[]): string {
  return items.slice(0, 5).join(', ') + (items.length > 5 ? `, and ${items.length - 5} more` : '')
}
