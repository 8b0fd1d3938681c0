import { createWriteStream, statSync } from 'node:fs'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { ArchiveRefusedError } from './archive-refused-error.js'
import { extractionBudget, mebibytes, moreThanBytesLeft, moreThanEntriesLeft, type ExtractionBudget, type StudentBudget } from './budget.js'
import type { ArchiveCaps } from './caps.js'
import { isMacMetadata, safeEntryPath } from './entry-path.js'
import { emptyLeftOut, leftOutNotes, mkdirEntry, prepareTarget, type ExtractionResult, type LeftOut } from './extraction.js'

const S_IFMT = 0o170000
const S_IFLNK = 0o120000
const S_IFREG = 0o100000
const S_IFDIR = 0o040000

// Extract a zip into destDir (which must be new): names are checked by us, not by yauzl, so a refusal names the
// entry; sizes are counted as the bytes are inflated (validateEntrySizes off: our counter is the check, a lying
// header only changes which message is given)
export async function extractZip(archivePath: string, destDir: string, label: string, caps: ArchiveCaps, used: Readonly<StudentBudget>): Promise<ExtractionResult> {
  const budget = extractionBudget(label, statSync(archivePath).size, caps, used)
  const leftOut = emptyLeftOut()
  const zip = await openZip(archivePath, label)
  zip.on('error', () => {})
  try {
    if (used.entries + zip.entryCount > caps.maxEntries) throw new ArchiveRefusedError(label, `it holds ${zip.entryCount} entries, ${moreThanEntriesLeft(caps, used)}`)
    let files = 0
    for (let entry = await nextEntry(zip, label); entry; entry = await nextEntry(zip, label)) {
      if (await extractEntry(zip, entry, { destDir, label, caps, used, budget, leftOut })) files += 1
    }
    return { files, entries: budget.entries, bytes: budget.totalBytes, notes: leftOutNotes(label, leftOut) }
  } finally {
    if (zip.isOpen) zip.close()
  }
}

interface EntryContext {
  readonly destDir: string
  readonly label: string
  readonly caps: ArchiveCaps
  readonly used: Readonly<StudentBudget>
  readonly budget: ExtractionBudget
  readonly leftOut: LeftOut
}

// Write one entry; true when it was a file that was written
async function extractEntry(zip: ZipFile, entry: Entry, { destDir, label, caps, used, budget, leftOut }: EntryContext): Promise<boolean> {
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true)
  const path = safeEntryPath(label, name)
  budget.entry(name)
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT
  if (isMacMetadata(path)) {
    leftOut.macMetadata += 1
    return false
  }
  if (mode === S_IFLNK) {
    leftOut.links.push(`"${name}" → "${await linkTarget(zip, entry, label)}"`)
    return false
  }
  if (name.endsWith('/') || mode === S_IFDIR) {
    mkdirEntry(label, destDir, path, name)
    return false
  }
  if (mode !== 0 && mode !== S_IFREG) {
    leftOut.special.push(`"${name}"`)
    return false
  }
  if (entry.isEncrypted()) throw new ArchiveRefusedError(label, `entry "${name}" is encrypted`)
  if (used.bytes + budget.totalBytes + entry.uncompressedSize > caps.maxTotalBytes) {
    throw new ArchiveRefusedError(label, `entry "${name}" declares ${mebibytes(entry.uncompressedSize)}, ${moreThanBytesLeft(caps, { entries: used.entries, bytes: used.bytes + budget.totalBytes })}`)
  }
  const target = prepareTarget(label, destDir, path, name)
  let written = 0
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      written += chunk.length
      try {
        budget.bytes(name, chunk.length, written, entry.compressedSize)
        callback(null, chunk)
      } catch (error) {
        callback(error as Error)
      }
    },
  })
  try {
    await pipeline(await openEntry(zip, entry, label), counter, createWriteStream(target, { mode: 0o644 }))
  } catch (error) {
    throw asRefusal(error, label, `cannot extract entry "${name}"`)
  }
  return true
}

// A link's target is its content: read at most 1 KiB of it, for the note
async function linkTarget(zip: ZipFile, entry: Entry, label: string): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of await openEntry(zip, entry, label)) {
    chunks.push(chunk as Buffer)
    size += (chunk as Buffer).length
    if (size > 1024) break
  }
  return Buffer.concat(chunks).subarray(0, 1024).toString('utf8')
}

function openZip(path: string, label: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: true }, (error, zip) => {
      if (error || !zip) reject(asRefusal(error, label, 'cannot read it as a zip archive'))
      else resolve(zip)
    })
  })
}

function nextEntry(zip: ZipFile, label: string): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const done = () => {
      zip.off('entry', onEntry)
      zip.off('end', onEnd)
      zip.off('error', onError)
    }
    const onEntry = (entry: Entry) => (done(), resolve(entry))
    const onEnd = () => (done(), resolve(undefined))
    const onError = (error: Error) => (done(), reject(asRefusal(error, label, 'the zip archive is corrupt')))
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError)
    zip.readEntry()
  })
}

function openEntry(zip: ZipFile, entry: Entry, label: string): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) reject(asRefusal(error, label, 'the zip archive is corrupt'))
      else resolve(stream)
    })
  })
}

// A refusal stays as it is; any other failure (yauzl's "invalid central directory", a failed write) is one, worded
export function asRefusal(error: unknown, label: string, what: string): ArchiveRefusedError {
  if (error instanceof ArchiveRefusedError) return error
  const detail = error instanceof Error ? error.message : String(error)
  return new ArchiveRefusedError(label, `${what}: ${detail}`, { cause: error })
}
