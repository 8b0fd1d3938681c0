import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { NotGradableError } from '../../errors.js'
import { listFiles } from '../../submission/list-files.js'
import { ArchiveRefusedError } from '../archives/archive-refused-error.js'
import { studentBudget, type StudentBudget } from '../archives/budget.js'
import { archiveKind, archiveStem, extractArchive } from '../archives/extract-archive.js'
import { hasProgram } from './ambiguity.js'
import type { FoundStudent } from './found.js'
import { unwrapSingleFolder } from './unwrap.js'

/** Where a student's work ended up, and what was done to get it there */
export interface Staged {
  readonly dir: string
  readonly notes: readonly string[]
  /** Archives that were refused, as paths relative to the submission: left out, or the reason it is not gradable */
  readonly refused: readonly string[]
  readonly notGradableReason?: string
}

// Put one student's work where it is graded: a folder stays where it is unless it holds an archive (the export is
// never written to); files, archives and folders with archives are built in stagingDir/<id>/, emptied first so a
// second scan (a resumed batch) gives the same result.
// An archive that is refused is left out with a note and the student is graded on the rest; the student is not
// gradable only when the refused archive is the submission: the archives layout's one archive, or archives beside
// no other program file. The archive caps are for the student: one budget for every archive extracted, nested ones
// included
export async function stageStudent(found: FoundStudent, id: string, stagingDir: string): Promise<Staged> {
  const dest = join(stagingDir, id)
  rmSync(dest, { recursive: true, force: true })
  const notes: string[] = []
  const refusals: ArchiveRefusedError[] = []
  const refused: string[] = []
  const budget = studentBudget()
  try {
    if (found.archive) {
      try {
        const result = await extractArchive(found.archive, dest, { budget })
        notes.push(...result.notes, ...unwrapNotes(basename(found.archive), unwrapSingleFolder(dest)))
      } catch (error) {
        if (error instanceof ArchiveRefusedError) refused.push(basename(found.archive))
        throw error
      }
    } else if (found.files) {
      mkdirSync(dest, { recursive: true })
      for (const file of found.files) copyFileSync(file.from, join(dest, file.as))
    } else if (found.folder) {
      if (!archivesIn(found.folder).length) return { dir: found.folder, notes, refused }
      cpSync(found.folder, dest, { recursive: true, filter: (source) => !lstatSync(source).isSymbolicLink() })
      notes.push('copied to the staging folder to extract its archives')
    }
    for (const archive of archivesIn(dest)) {
      try {
        notes.push(...(await extractNested(dest, archive, budget)))
      } catch (error) {
        if (!(error instanceof ArchiveRefusedError)) throw error
        rmSync(join(dest, archive), { force: true })
        refusals.push(error)
        refused.push(archive)
        notes.push(`left out "${archive}", which was refused: ${error.reason}`)
      }
    }
    if (refusals.length && !hasProgram(listFiles(dest, id))) throw new NotGradableError(refusals.map((r) => r.message).join('; '))
    return { dir: dest, notes, refused }
  } catch (error) {
    if (!(error instanceof NotGradableError)) throw error
    rmSync(dest, { recursive: true, force: true })
    mkdirSync(dest, { recursive: true })
    return { dir: dest, notes, refused, notGradableReason: error.message }
  }
}

// Archives a student uploaded (hw.zip in a Canvas or Moodle submission), as paths relative to dir
function archivesIn(dir: string): string[] {
  if (!existsSync(dir)) return []
  return listFiles(dir, basename(dir)).filter((file) => archiveKind(file))
}

// Extract dir/hw.zip into dir/hw/ (a free name), then remove the archive: once, archives inside it stay as they are
async function extractNested(dir: string, archive: string, budget: StudentBudget): Promise<string[]> {
  const stem = archiveStem(archive)
  let target = join(dir, stem)
  for (let n = 2; existsSync(target); n += 1) target = join(dir, `${stem}-${n}`)
  const result = await extractArchive(join(dir, archive), target, { label: basename(archive), budget })
  rmSync(join(dir, archive))
  const folder = target.slice(dir.length + 1)
  return [`extracted "${archive}" into "${folder}/"`, ...result.notes, ...unwrapNotes(basename(archive), unwrapSingleFolder(target))]
}

function unwrapNotes(archive: string, removed: readonly string[]): string[] {
  return removed.length ? [`took the files from "${removed.join('/')}/" inside "${archive}"`] : []
}
