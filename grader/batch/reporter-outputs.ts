import { join, relative, sep } from 'node:path'
import type { Reporter } from '../reporters/reporter.js'
import { writeFileAtomic } from './atomic-write.js'
import { sanitizeId } from './layouts/student-id.js'
import { STAGING_FOLDER } from './out-folder.js'
import { RESULTS_LOG_FILE, SETTINGS_FILE } from './results-log.js'
import type { BatchResults } from './types.js'
import { GRADES_CSV_FILE, REPORT_HTML_FILE, RESULTS_JSON_FILE } from './write-outputs.js'
import { canonicalPath, makeFolders, writeOutputFile } from './output-file.js'

/** A `--reporter NAME[=PATH]` of a batch: no path means a file (or folder) in the --out folder named for it */
export interface BatchReporterTarget {
  readonly reporter: Reporter
  readonly path?: string
}

// The class forms a batch writes anyway: --reporter json or html with no file adds nothing
const WRITTEN_ANYWAY: Record<string, string> = { json: RESULTS_JSON_FILE, html: REPORT_HTML_FILE }

// Why a --reporter file may not go where it was asked, or undefined: the --out folder itself, or one of the batch's
// own files there (its settings, its log, results.json, the grade CSVs, report.html, the staging folder), which a
// resume reads back and which the TA relies on
export function reservedTarget(outDir: string, target: BatchReporterTarget): string | undefined {
  if (target.path === undefined) return undefined
  const out = canonicalPath(outDir)
  const path = canonicalPath(target.path)
  if (path === out) return `--reporter ${target.reporter.name}=${target.path} is the --out folder itself: give a file or folder inside it`
  const inside = relative(out, path)
  const first = inside.split(sep)[0] ?? ''
  const own = [SETTINGS_FILE, RESULTS_LOG_FILE, RESULTS_JSON_FILE, GRADES_CSV_FILE, REPORT_HTML_FILE, STAGING_FOLDER]
  if (!inside.startsWith('..') && (own.includes(first) || /^grades-.*\.csv$/.test(first))) return `--reporter ${target.reporter.name}=${target.path} would replace the batch's own ${first}: choose another name`
  return undefined
}

// Every --reporter of a batch: a format with a class form (JUnit, Markdown, the terminal summary) writes one
// document, to PATH or <out>/<name>.<ext>; a format without one (Gradescope, PrairieLearn, Autolab, GitHub) writes a
// file per student, <id>.<ext> in the folder PATH or <out>/<name>/. Each file atomic; one target that cannot be
// written does not stop the others. Returns the paths written, and a line for each target that failed
export function writeReporterOutputs(outDir: string, results: BatchResults, targets: readonly BatchReporterTarget[]): { written: string[]; failures: string[] } {
  const written: string[] = []
  const failures: string[] = []
  for (const { reporter, path } of targets) {
    if (path === undefined && WRITTEN_ANYWAY[reporter.name]) {
      written.push(join(outDir, WRITTEN_ANYWAY[reporter.name] as string))
      continue
    }
    const where = path ?? join(outDir, reporter.renderClass ? `${reporter.name}.${reporter.extension}` : reporter.name)
    try {
      if (reporter.renderClass) writeOutputFile(where, reporter.renderClass(results, { color: false }))
      else writePerStudent(where, results, reporter)
      written.push(where)
    } catch (error) {
      failures.push(`Cannot write the ${reporter.name} report to ${where}: ${(error as Error).message}`)
    }
  }
  return { written: [...new Set(written)], failures }
}

// <id>.<ext> for each student; an id is a file name only as a layout made it (a shard's results.jsonl could say
// otherwise: "../x" would write outside the folder)
function writePerStudent(folder: string, results: BatchResults, reporter: Reporter): void {
  const unsafe = results.entries.find((entry) => entry.student.id !== sanitizeId(entry.student.id))
  if (unsafe) throw new Error(`the student id ${JSON.stringify(unsafe.student.id)} is not a safe file name (were the results edited?)`)
  makeFolders(folder)
  for (const entry of results.entries) writeFileAtomic(join(folder, `${entry.student.id}.${reporter.extension}`), reporter.render(entry.report, { color: false }))
}
