import { mkdirSync, rmSync } from 'node:fs'
import { basename } from 'node:path'
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

// Extract one archive into destDir, emptied first; a refusal (ArchiveRefusedError) leaves no destDir behind
export async function extractArchive(archivePath: string, destDir: string, options: { label?: string; caps?: ArchiveCaps } = {}): Promise<ExtractionResult> {
  const label = options.label ?? basename(archivePath)
  const caps = options.caps ?? ARCHIVE_CAPS
  rmSync(destDir, { recursive: true, force: true })
  mkdirSync(destDir, { recursive: true })
  try {
    if (archiveKind(archivePath) === 'zip') return await extractZip(archivePath, destDir, label, caps)
    return extractTar(archivePath, destDir, label, caps)
  } catch (error) {
    rmSync(destDir, { recursive: true, force: true })
    throw asRefusal(error, label, 'cannot extract it')
  }
}
