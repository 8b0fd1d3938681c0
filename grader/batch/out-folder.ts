import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { writeFileAtomic } from './atomic-write.js'
import { join } from 'node:path'
import { UsageError } from '../errors.js'
import { readResultsLog, readSettings, RESULTS_LOG_FILE, SETTINGS_FILE } from './results-log.js'
import { settingsJson } from './results-json.js'
import { settingsDifferences } from './settings.js'
import type { BatchEntry, BatchSettings } from './types.js'
import { makeFolders } from './output-file.js'

// Check --out before anything is written there: a new batch needs a new or empty folder (it never mixes with or
// overwrites another batch's results); --resume needs the folder of a batch. Returns that batch's settings
export function openOutFolder(outDir: string, resume: boolean): BatchSettings | undefined {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UsageError(`--out "${outDir}" is a file: give a folder for the results`)
  const before = existsSync(outDir) ? settingsIn(outDir) : undefined
  if (!resume) {
    if (before) {
      const graded = readResultsLog(outDir).entries.length
      const finished = graded >= before.students.length
      throw new UsageError(`"${outDir}" already holds a ${finished ? 'finished ' : ''}batch (${graded} of ${before.students.length} graded): ${finished ? 'choose another --out (--resume only writes its outputs again)' : 'add --resume to finish it, or choose another --out'}`)
    }
    // Only the staging folder of a batch stopped before it recorded its settings: nothing was graded, start again
    if (existsSync(outDir) && readdirSync(outDir).join() === STAGING_FOLDER) rmSync(join(outDir, STAGING_FOLDER), { recursive: true, force: true })
    if (existsSync(outDir) && readdirSync(outDir).length) throw new UsageError(`"${outDir}" is not empty: a batch writes into a new or empty folder`)
    makeFolders(outDir)
    return undefined
  }
  if (!before) throw new UsageError(`Nothing to resume in "${outDir}": it holds no ${SETTINGS_FILE} (start the batch without --resume)`)
  return before
}

/** The folder under --out where submissions are laid out for grading (Canvas files, extracted archives) */
export const STAGING_FOLDER = 'staged'

// A batch's settings, or a usage error that says the file is damaged
function settingsIn(outDir: string): BatchSettings | undefined {
  try {
    return readSettings(outDir)
  } catch (error) {
    throw new UsageError(`Cannot read "${join(outDir, SETTINGS_FILE)}": ${error instanceof Error ? error.message : String(error)} (restore it, or start the batch again into another --out)`)
  }
}

/** What a resume starts from: the entries already graded, and how many lines of the log could not be read */
export interface ResumePoint {
  readonly entries: BatchEntry[]
  readonly unreadableLines: number
}

// Record a new batch's settings, or check a resumed one against them; returns the entries already graded
export function startOrResume(outDir: string, settings: BatchSettings, before: BatchSettings | undefined): ResumePoint {
  if (!before) {
    writeFileAtomic(join(outDir, SETTINGS_FILE), settingsJson(settings))
    return { entries: [], unreadableLines: 0 }
  }
  const differences = settingsDifferences(settings, before)
  if (differences.length) throw new UsageError(`Cannot resume the batch in "${outDir}": it was started with other settings:\n  ${differences.join('\n  ')}`)
  const log = readResultsLog(outDir)
  // A line torn by a crash in the middle of a write is dropped, so its student is graded again, and only once
  if (log.tornLines.length) rewriteLog(outDir, log.entries)
  const wanted = new Set(settings.students)
  return { entries: log.entries.filter((entry) => wanted.has(entry.student.id)), unreadableLines: log.tornLines.length }
}

function rewriteLog(outDir: string, entries: readonly BatchEntry[]): void {
  writeFileAtomic(join(outDir, RESULTS_LOG_FILE), entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''))
}
