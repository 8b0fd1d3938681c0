import { join } from 'node:path'
import { writeFileAtomic } from './atomic-write.js'
import { gradesCsv, type CsvFormat } from './grades-csv.js'
import { renderClassReport } from './html/class-report.js'
import { resultsJson } from './results-json.js'
import type { BatchResults } from './types.js'

export const RESULTS_JSON_FILE = 'results.json'
export const GRADES_CSV_FILE = 'grades.csv'
export const REPORT_HTML_FILE = 'report.html'

/** The CSV shaped for an LMS's grade import, written beside grades.csv as grades-<format>.csv */
export type LmsCsvFormat = Exclude<CsvFormat, 'default'>

// A finished batch's outputs in outDir: results.json, grades.csv (and grades-<format>.csv when asked), report.html.
// Each is written atomically, so a crash mid-write leaves no half file; returns the paths written, in that order
export function writeBatchOutputs(outDir: string, results: BatchResults, options: { csvFormat?: LmsCsvFormat }): { files: string[] } {
  const outputs: [string, string][] = [
    [RESULTS_JSON_FILE, resultsJson(results)],
    [GRADES_CSV_FILE, gradesCsv(results, 'default')],
    ...(options.csvFormat ? [[`grades-${options.csvFormat}.csv`, gradesCsv(results, options.csvFormat)] as [string, string]] : []),
    [REPORT_HTML_FILE, renderClassReport(results)],
  ]
  const files = outputs.map(([name, text]) => {
    const path = join(outDir, name)
    writeFileAtomic(path, text)
    return path
  })
  return { files }
}
