import { ArchiveRefusedError } from './archive-refused-error.js'
import type { ArchiveCaps } from './caps.js'

/** What the archives already extracted for one student used: the caps are for all of them together, nested ones
 * included. Grows only when an archive is extracted whole: a refused archive leaves nothing behind, so it uses none */
export interface StudentBudget {
  entries: number
  bytes: number
}

export function studentBudget(): StudentBudget {
  return { entries: 0, bytes: 0 }
}

/** Counts what an extraction has written so far and refuses the archive the moment a cap is passed */
export interface ExtractionBudget {
  /** One more entry of any kind */
  entry(name: string): void
  /** `bytes` more written for the entry `name`, which so far has `entryBytes` written out of `compressedBytes` stored */
  bytes(name: string, bytes: number, entryBytes: number, compressedBytes: number | undefined): void
  readonly totalBytes: number
  readonly entries: number
}

// A budget for one archive of `archiveBytes` on disk, after the student's other archives used `used`: the caps count
// both, the ratios this archive alone (the whole-archive ratio also catches a header that lies about an entry's
// compressed size)
export function extractionBudget(archive: string, archiveBytes: number, caps: ArchiveCaps, used: Readonly<StudentBudget> = studentBudget()): ExtractionBudget {
  let totalBytes = 0
  let entries = 0
  const overRatio = (written: number, stored: number) => written > caps.ratioFloorBytes && written > Math.max(stored, 1) * caps.maxRatio
  return {
    entry(name) {
      entries += 1
      if (used.entries + entries <= caps.maxEntries) return
      const over = used.entries ? `more than the ${caps.maxEntries - used.entries} entries left of the cap of ${caps.maxEntries} for one student (${othersUsed(used.entries)})` : `more than ${caps.maxEntries} entries (the cap for one student)`
      throw new ArchiveRefusedError(archive, `it holds ${over}, at "${name}"`)
    },
    bytes(name, bytes, entryBytes, compressedBytes) {
      totalBytes += bytes
      if (used.bytes + totalBytes > caps.maxTotalBytes) throw new ArchiveRefusedError(archive, `it unpacks to ${moreThanBytesLeft(caps, used)}, at "${name}"`)
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

// "more than 50 MiB (the cap for one student)", or with other archives "more than the 5.4 MiB left of the cap of
// 50 MiB for one student (44.6 MiB went to the student's other archives)"
export function moreThanBytesLeft(caps: ArchiveCaps, used: Readonly<StudentBudget>): string {
  if (!used.bytes) return `more than ${mebibytes(caps.maxTotalBytes)} (the cap for one student)`
  return `more than the ${mebibytes(Math.max(0, caps.maxTotalBytes - used.bytes))} left of the cap of ${mebibytes(caps.maxTotalBytes)} for one student (${othersUsed(mebibytes(used.bytes))})`
}

// "more than 10 (the cap for one student)", or "more than the 4 left of the cap of 10 for one student (6 went...)"
export function moreThanEntriesLeft(caps: ArchiveCaps, used: Readonly<StudentBudget>): string {
  if (!used.entries) return `more than ${caps.maxEntries} (the cap for one student)`
  return `more than the ${Math.max(0, caps.maxEntries - used.entries)} left of the cap of ${caps.maxEntries} for one student (${othersUsed(used.entries)})`
}

function othersUsed(amount: string | number): string {
  return `${amount} went to the student's other archives`
}

// "50 MiB", "1.5 MiB"; under 1 MiB "12.5 KiB", "500 bytes" (a cap made small for a test)
export function mebibytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`
  return `${Number((bytes / 1024 / 1024).toFixed(1))} MiB`
}
