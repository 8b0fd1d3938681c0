import { mkdirSync, rmSync } from 'node:fs'
import { basename } from 'node:path'
import { studentBudget, type StudentBudget } from './budget.js'
import { ARCHIVE_CAPS, type ArchiveCaps } from './caps.js'
import { extractTar } from './extract-tar.js'
import { asRefusal, extractZip } from './extract-zip.js'
import type { ExtractionResult } from './extraction.js'

export type ArchiveKind = 'zip' | 'tar'

// The archives sockgrade opens, by name: .zip, .tar, .tar.gz, .tgz (case-insensitive)
export function archiveKind(fileName: string): ArchiveKind | undefined {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.zip')) return 'zip'
  if (lower.endsWith('.tar') || lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return 'tar'
  return undefined
}

// The name without its archive extension: "alice.tar.gz" → "alice"
export function archiveStem(fileName: string): string {
  return fileName.replace(/\.(zip|tar|tar\.gz|tgz)$/i, '')
}

// Extract one archive into destDir, emptied first; a refusal (ArchiveRefusedError) leaves no destDir behind.
// `budget` is what the student's other archives used: the caps count it, and it grows by this archive when it is
// extracted (never when it is refused, as nothing of it is left)
export async function extractArchive(archivePath: string, destDir: string, options: { label?: string; caps?: ArchiveCaps; budget?: StudentBudget } = {}): Promise<ExtractionResult> {
  const label = options.label ?? basename(archivePath)
  const caps = options.caps ?? ARCHIVE_CAPS
  const budget = options.budget ?? studentBudget()
  rmSync(destDir, { recursive: true, force: true })
  mkdirSync(destDir, { recursive: true })
  try {
    const result = archiveKind(archivePath) === 'zip' ? await extractZip(archivePath, destDir, label, caps, budget) : extractTar(archivePath, destDir, label, caps, budget)
    budget.entries += result.entries
    budget.bytes += result.bytes
    return result
  } catch (error) {
    rmSync(destDir, { recursive: true, force: true })
    throw asRefusal(error, label, 'cannot extract it')
  }
}
