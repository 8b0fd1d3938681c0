import { closeSync, openSync, statSync, writeSync } from 'node:fs'
import { list, type ReadEntry } from 'tar'
import { ArchiveRefusedError } from './archive-refused-error.js'
import { extractionBudget, type StudentBudget } from './budget.js'
import type { ArchiveCaps } from './caps.js'
import { isMacMetadata, safeEntryPath } from './entry-path.js'
import { asRefusal } from './extract-zip.js'
import { emptyLeftOut, leftOutNotes, mkdirEntry, prepareTarget, type ExtractionResult } from './extraction.js'

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile'])
const LINK_TYPES = new Set(['SymbolicLink', 'Link'])

// Extract a .tar, .tar.gz or .tgz into destDir (which must be new): node-tar only parses (gzip is detected by its
// magic bytes); names, links and sizes are checked here, and the bytes are counted as they are written.
// Synchronous: a cap throws out of the parse at once, with no stream left to clean up
export function extractTar(archivePath: string, destDir: string, label: string, caps: ArchiveCaps, used: Readonly<StudentBudget>): ExtractionResult {
  const budget = extractionBudget(label, statSync(archivePath).size, caps, used)
  const leftOut = emptyLeftOut()
  let files = 0
  let openFd: number | undefined
  const onReadEntry = (entry: ReadEntry) => {
    const name = entry.path
    const path = safeEntryPath(label, name)
    budget.entry(name)
    if (isMacMetadata(path)) leftOut.macMetadata += 1
    else if (LINK_TYPES.has(entry.type)) leftOut.links.push(`"${name}" → "${entry.linkpath ?? ''}"`)
    else if (entry.type === 'Directory') mkdirEntry(label, destDir, path, name)
    else if (!FILE_TYPES.has(entry.type)) leftOut.special.push(`"${name}"`)
    else {
      const fd = openSync(prepareTarget(label, destDir, path, name), 'w', 0o644)
      openFd = fd
      files += 1
      let written = 0
      entry.on('data', (chunk: Buffer) => {
        written += chunk.length
        budget.bytes(name, chunk.length, written, undefined)
        writeSync(fd, chunk)
      })
      entry.on('end', () => {
        closeSync(fd)
        openFd = undefined
      })
    }
  }
  try {
    list({ file: archivePath, sync: true, strict: true, onReadEntry })
  } catch (error) {
    throw asRefusal(error, label, 'the tar archive is corrupt')
  } finally {
    if (openFd !== undefined) closeSync(openFd)
  }
  return { files, entries: budget.entries, bytes: budget.totalBytes, notes: leftOutNotes(label, leftOut) }
}
