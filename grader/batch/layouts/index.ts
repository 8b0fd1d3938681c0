import type { Assignment } from '../../assignments/assignment.js'
import { UsageError } from '../../errors.js'
import type { LayoutName, LayoutScan } from '../types.js'
import { scanArchives } from './archives.js'
import { buildSubmissions } from './build-submissions.js'
import { scanCanvas } from './canvas.js'
import { scanClassroom } from './classroom.js'
import { detectLayout } from './detect.js'
import { scanDirs } from './dirs.js'
import type { LayoutFinding } from './found.js'
import { scanGradescope } from './gradescope.js'
import { scanMoodle } from './moodle.js'
import { readRoot, someNames, type RootEntries } from './root-entries.js'

export { describeScan } from './describe.js'

/** One layout: how to read it, and what its students look like (for the error when --layout does not match) */
interface Layout {
  readonly scan: (entries: RootEntries) => LayoutFinding
  readonly expected: string
}

const layouts = {
  dirs: { scan: scanDirs, expected: 'one folder per student' },
  archives: { scan: scanArchives, expected: 'one .zip, .tar.gz, .tgz or .tar per student' },
  canvas: { scan: scanCanvas, expected: 'files named <name>_<userid>_<submissionid>_<file>' },
  moodle: { scan: scanMoodle, expected: 'folders named <Full Name>_<id>_assignsubmission_file_' },
  gradescope: { scan: scanGradescope, expected: 'submission_<id> folders (with submission_metadata.yml)' },
  classroom: { scan: scanClassroom, expected: 'folders named <assignment>-<username>' },
} satisfies Record<LayoutName, Layout>

// Find the class's students under root as the given layout (or the detected one) lays them out, staging what has to
// be built (Canvas files, archives) under stagingDir; a root that is missing, empty or not that layout is a UsageError
export async function scanClass(root: string, options: { layout: LayoutName | 'auto'; stagingDir: string; assignment: Assignment }): Promise<LayoutScan> {
  const entries = readRoot(root)
  if (!entries.files.length && !entries.folders.length) {
    throw new UsageError(`Found no submissions in "${root}": the folder is empty${entries.warnings.length ? ` but for hidden entries. ${entries.warnings.join('. ')}` : ''}`)
  }
  const detection = options.layout === 'auto' ? detectLayout(entries) : undefined
  const layout = detection?.layout ?? (options.layout as LayoutName)
  const finding = layouts[layout].scan(entries)
  if (!finding.students.length) {
    const found = someNames([...entries.folders.map((f) => `${f}/`), ...entries.files])
    throw new UsageError(`Cannot read "${root}" as the ${layout} layout: expected ${layouts[layout].expected}, found ${found}; try --layout auto`)
  }
  const students = await buildSubmissions(finding.students, options.stagingDir, options.assignment)
  return { layout, students, warnings: [...entries.warnings, ...finding.warnings], detection: detection ? `auto: ${detection.reason}` : `chosen with --layout ${layout}` }
}
