import { ArchiveRefusedError } from './archive-refused-error.js'
import type { ArchiveCaps } from './caps.js'

/** Counts what an extraction has written so far and refuses the archive the moment a cap is passed */
export interface ExtractionBudget {
  /** One more entry of any kind */
  entry(name: string): void
  /** `bytes` more written for the entry `name`, which so far has `entryBytes` written out of `compressedBytes` stored */
  bytes(name: string, bytes: number, entryBytes: number, compressedBytes: number | undefined): void
  readonly totalBytes: number
  readonly entries: number
}

// A budget for one archive of `archiveBytes` on disk: the whole-archive ratio also catches a header that lies
// about an entry's compressed size
export function extractionBudget(archive: string, archiveBytes: number, caps: ArchiveCaps): ExtractionBudget {
  let totalBytes = 0
  let entries = 0
  const overRatio = (written: number, stored: number) => written > caps.ratioFloorBytes && written > Math.max(stored, 1) * caps.maxRatio
  return {
    entry(name) {
      entries += 1
      if (entries > caps.maxEntries) throw new ArchiveRefusedError(archive, `it holds more than ${caps.maxEntries} entries (the cap for one student), at "${name}"`)
    },
    bytes(name, bytes, entryBytes, compressedBytes) {
      totalBytes += bytes
      if (totalBytes > caps.maxTotalBytes) throw new ArchiveRefusedError(archive, `it unpacks to more than ${mebibytes(caps.maxTotalBytes)} (the cap for one student), at "${name}"`)
      if (compressedBytes !== undefined && overRatio(entryBytes, compressedBytes)) throw new ArchiveRefusedError(archive, `entry "${name}" expands more than ${caps.maxRatio} times its compressed size (a zip bomb?)`)
      if (overRatio(totalBytes, archiveBytes)) throw new ArchiveRefusedError(archive, `it expands more than ${caps.maxRatio} times its own size (a zip bomb?), at "${name}"`)
    },
    get totalBytes() {
      return totalBytes
    },
    get entries() {
      return entries
    },
  }
}

// "50 MiB", "1.5 MiB"
export function mebibytes(bytes: number): string {
  return `${Number((bytes / 1024 / 1024).toFixed(1))} MiB`
}
