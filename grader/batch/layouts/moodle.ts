import { join } from 'node:path'
import type { FoundStudent, LayoutFinding } from './found.js'
import { someNames, type RootEntries } from './root-entries.js'

// Moodle's "Download all submissions": <Full Name>_<participant id>_assignsubmission_<plugin>_ (older versions
// leave out the last underscore); the file plugin's folder is the submission, online text is not a program
export const MOODLE_FOLDER = /^(?<name>.+)_(?<id>\d+)_assignsubmission_(?<plugin>[a-z]+)_?$/

// A student with a file folder is graded on it; a student with only other plugins' folders (online text) is listed
// as not gradable, so they do not vanish from the class
export function scanMoodle(entries: RootEntries): LayoutFinding {
  const students: FoundStudent[] = []
  const others: string[] = [...entries.files]
  const byId = new Map<string, { name: string; folder: string; plugin: string }[]>()
  for (const folder of entries.folders) {
    const match = MOODLE_FOLDER.exec(folder)?.groups
    if (!match?.id || !match.name || !match.plugin) others.push(`${folder}/`)
    else byId.set(match.id, [...(byId.get(match.id) ?? []), { name: match.name, folder, plugin: match.plugin }])
  }
  for (const [id, folders] of byId) {
    const files = folders.filter((f) => f.plugin === 'file')
    for (const f of files) students.push({ rawId: id, name: f.name, folder: join(entries.root, f.folder), notes: [] })
    const first = folders[0]
    if (files.length || !first) continue
    const plugins = [...new Set(folders.map((f) => pluginWords(f.plugin)))]
    students.push({ rawId: id, name: first.name, folder: join(entries.root, first.folder), notes: [], notGradableReason: `Submitted ${plugins.join(' and ')} only, no file` })
  }
  const warnings = others.length ? [`Left out ${others.length} entr${others.length === 1 ? 'y' : 'ies'} not named <Full Name>_<id>_assignsubmission_file_: ${someNames(others)}`] : []
  return { students, warnings }
}

// What a TA calls a plugin's submission: "online text", or the plugin's name
export function pluginWords(plugin: string): string {
  return plugin === 'onlinetext' ? 'online text' : `"${plugin}"`
}
