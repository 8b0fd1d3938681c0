import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { archiveKind } from '../archives/extract-archive.js'
import type { LayoutName } from '../types.js'
import { CANVAS_FILE } from './canvas.js'
import { classroomPrefix } from './classroom.js'
import { GRADESCOPE_FOLDER, GRADESCOPE_METADATA } from './gradescope.js'
import { MOODLE_FOLDER, pluginWords } from './moodle.js'
import type { RootEntries } from './root-entries.js'

/** The layout auto-detection chose, and why, in words for the text printed before grading */
export interface Detection {
  readonly layout: LayoutName
  readonly reason: string
}

// Decide the layout from the class folder's top level alone, in a fixed order (the most specific signs first), so
// the same folder always gives the same answer; a folder nothing else matches is read as one folder per student
export function detectLayout(entries: RootEntries): Detection {
  const { root, files, folders } = entries
  if (files.includes(GRADESCOPE_METADATA)) {
    return { layout: 'gradescope', reason: `${GRADESCOPE_METADATA} beside ${count(folders.filter((f) => GRADESCOPE_FOLDER.test(f)).length, 'submission_<id> folder')}` }
  }
  const canvas = files.filter((f) => CANVAS_FILE.test(f)).length
  if (canvas > 0 && canvas * 2 >= files.length) return { layout: 'canvas', reason: `${count(canvas, 'file')} named <name>_<userid>_<submissionid>_<file>` }
  const moodle = folders.map((f) => MOODLE_FOLDER.exec(f)?.groups?.plugin).filter((plugin) => plugin !== undefined)
  if (moodle.length > 0 && moodle.length * 2 >= folders.length) return { layout: 'moodle', reason: moodleReason(moodle) }
  const archives = files.filter((f) => archiveKind(f)).length
  if (archives > 0 && archives >= folders.length) return { layout: 'archives', reason: `${count(archives, 'archive')} (.zip, .tar.gz, .tgz, .tar), one per student` }
  const prefix = classroomPrefix(folders)
  const clones = folders.filter((f) => existsSync(join(root, f, '.git'))).length
  if (prefix && folders.length >= 2 && (clones > 0 || folders.length >= 3)) {
    return { layout: 'classroom', reason: `${count(folders.length, 'folder')} named ${prefix}<username>${clones ? `, ${clones} of them git clones` : ''}` }
  }
  return { layout: 'dirs', reason: folders.length ? `${count(folders.length, 'folder')}, one per student (no other layout matched)` : 'no other layout matched' }
}

// "3 folders named <Full Name>_<id>_assignsubmission_file_, and 1 of online text": only file folders are submissions
function moodleReason(plugins: readonly string[]): string {
  const files = plugins.filter((p) => p === 'file').length
  const others = plugins.filter((p) => p !== 'file')
  const kinds = [...new Set(others.map(pluginWords))].join(', ')
  return `${count(files, 'folder')} named <Full Name>_<id>_assignsubmission_file_${others.length ? `, and ${others.length} of ${kinds}` : ''}`
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`
}
