import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { BatchEntry, BatchSettings } from './types.js'

/** The files a batch keeps in its --out folder while it runs: what a resume and a merge read back */
export const SETTINGS_FILE = 'batch.json'
export const RESULTS_LOG_FILE = 'results.jsonl'

/** Appends one line per graded student, each written and fsynced before the next: a crash loses only what is in flight */
export interface ResultsLog {
  append(entry: BatchEntry): void
  close(): void
}

// Open results.jsonl for appending; an existing file is kept (a resume appends after what is there)
export function openResultsLog(outDir: string): ResultsLog {
  const fd = openSync(join(outDir, RESULTS_LOG_FILE), 'a')
  return {
    append(entry) {
      writeSync(fd, `${JSON.stringify(entry)}\n`)
      fsyncSync(fd)
    },
    close: () => closeSync(fd),
  }
}

/** What results.jsonl held: the entries, and whether its last line was cut short (a crash mid-write) */
export interface ReadLog {
  readonly entries: BatchEntry[]
  /** Lines that did not parse: only the last one can be torn by a crash; more than that means the file was edited */
  readonly tornLines: number[]
}

// Read results.jsonl back; a missing file is an empty log. A later line for the same student wins (never written by
// a batch, but a hand-edited file should not count a student twice)
export function readResultsLog(outDir: string): ReadLog {
  let text: string
  try {
    text = readFileSync(join(outDir, RESULTS_LOG_FILE), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], tornLines: [] }
    throw error
  }
  const byId = new Map<string, BatchEntry>()
  const tornLines: number[] = []
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return
    try {
      const entry = JSON.parse(line) as BatchEntry
      if (typeof entry?.student?.id !== 'string' || typeof entry.report !== 'object') throw new Error('not an entry')
      byId.set(entry.student.id, entry)
    } catch {
      tornLines.push(index + 1)
    }
  })
  return { entries: [...byId.values()], tornLines }
}

// The settings a batch was started with, or undefined when the folder has none
export function readSettings(outDir: string): BatchSettings | undefined {
  try {
    return JSON.parse(readFileSync(join(outDir, SETTINGS_FILE), 'utf8')) as BatchSettings
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
