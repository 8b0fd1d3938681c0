import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, rmSync } from 'node:fs'
import { basename, join, relative, sep } from 'node:path'
import { NotGradableError } from '../../errors.js'
import { fileErrorText } from '../../fs-errors.js'
import { listFiles } from '../../submission/list-files.js'
import { ArchiveRefusedError } from '../archives/archive-refused-error.js'
import { studentBudget, type StudentBudget } from '../archives/budget.js'
import { archiveKind, archiveStem, extractArchive } from '../archives/extract-archive.js'
import { hasProgram } from './ambiguity.js'
import { someNames } from './root-entries.js'
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
  const notes: string[] = []
  const refusals: ArchiveRefusedError[] = []
  const refused: string[] = []
  const budget = studentBudget()
  try {
    rmSync(dest, { recursive: true, force: true })
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
      notes.push('copied to the staging folder to extract its archives', ...copyFolder(found.folder, dest))
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
    // Anything else that fails (a file that vanished, a disk that is full) is this student's too, never the class's
    const reason = error instanceof NotGradableError ? error.message : `Could not stage the submission for grading: ${failureText(error)}`
    try {
      rmSync(dest, { recursive: true, force: true })
      mkdirSync(dest, { recursive: true })
    } catch {
      // The reason says what failed; the folder is not graded
    }
    return { dir: dest, notes, refused, notGradableReason: reason }
  }
}

// Copy a student's folder, links and special files (pipes, sockets, devices) left out: one note for each kind
function copyFolder(from: string, to: string): string[] {
  const links: string[] = []
  const special: string[] = []
  cpSync(from, to, {
    recursive: true,
    filter: (source) => {
      const stats = lstatSync(source)
      if (stats.isFile() || stats.isDirectory()) return true
      ;(stats.isSymbolicLink() ? links : special).push(relative(from, source).split(sep).join('/'))
      return false
    },
  })
  return [
    ...(links.length ? [`left out ${someNames(links)} (links are not followed)`] : []),
    ...(special.length ? [`left out ${someNames(special)} (${special.length === 1 ? 'not a regular file' : 'not regular files'})`] : []),
  ]
}

// "no such file or folder ("UDPServer.py")": the error in words, and the file it is about without its folders
function failureText(error: unknown): string {
  const path = (error as NodeJS.ErrnoException | undefined)?.path
  return `${fileErrorText(error)}${typeof path === 'string' && path ? ` ("${basename(path)}")` : ''}`
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
