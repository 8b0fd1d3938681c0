import { programOf, type Assignment, type ProgramSpec } from '../assignments/assignment.js'
import { NotGradableError } from '../errors.js'
import { choosePython } from './choose-python.js'
import { declaredLaunch } from './declared-launch.js'
import type { LaunchSpec, ResolvedSubmission } from './launch.js'
import { baseName, folderOf, foundText, listFiles } from './list-files.js'
import type { Side } from './python-content.js'
import { findSockgradeYaml, loadSockgradeYaml, type DeclaredPrograms } from './sockgrade-yaml.js'
import { unusedPrograms } from './unused-programs.js'

/** A resolved submission, and for each needed side that is not there, the line its checks fail with */
export type ResolvedOrMissing = ResolvedSubmission & { readonly missing?: Partial<Record<Side, string>> }

// Decide how to run each needed side of a submission: the commands its sockgrade.yaml declares, else the
// Python file found by name or by content, run with the assignment's command. A needed side that cannot be found
// is `missing`, with a line naming what was expected and what is there (partial credit for the other side); the
// submission is not gradable only when no needed side is there
export function resolveSubmission(dir: string, label: string, assignment: Assignment, needed: { server: boolean; client: boolean }): ResolvedOrMissing {
  const files = listFiles(dir, label)
  const yamlPath = findSockgradeYaml(files)
  const declared = yamlPath ? loadSockgradeYaml(dir, yamlPath) : undefined
  const notes: string[] = []
  const launches: Partial<Record<Side, LaunchSpec>> = {}
  const byPython = { server: needed.server && !declared?.server, client: needed.client && !declared?.client }
  const python = choosePython(dir, files, assignment, byPython)
  for (const side of ['server', 'client'] as const) {
    if (!needed[side]) continue
    const words = declared?.[side]
    const choice = python[side]
    if (words && declared) {
      launches[side] = declaredLaunch(dir, declared.path, words)
      notes.push(`${side}: ${words.join(' ')}, declared in ${declared.path}`)
    } else if (choice) {
      launches[side] = pythonLaunch(choice.file, programOf(assignment, side))
      notes.push(choice.note)
    }
  }
  const missing = (['server', 'client'] as const).filter((side) => needed[side] && !launches[side])
  const wanted = (['server', 'client'] as const).filter((side) => needed[side])
  if (missing.length && missing.length === wanted.length) throw new NotGradableError(missingMessage(dir, missing, assignment, files, declared))
  const build = declared?.build ? { shell: declared.build, cwd: folderOf(declared.path) } : undefined
  if (build && declared) notes.unshift(`build: ${build.shell}, declared in ${declared.path}`)
  const absent = Object.fromEntries(missing.map((side) => [side, missingMessage(dir, [side], assignment, files, declared)]))
  return { ...launches, ...(build ? { build } : {}), notes, ...(missing.length ? { missing: absent } : {}) }
}

// A Python program runs with the assignment's command, from its own folder: `python3 UDPServer.py 12000`
function pythonLaunch(file: string, spec: ProgramSpec): LaunchSpec {
  const named = (command: readonly string[]) => command.map((word) => word.replaceAll('{file}', baseName(file)))
  const address = spec['address-command']
  return { command: named(spec.command), cwd: folderOf(file), file, python: true, ...(address ? { addressCommand: named(address) } : {}) }
}

// What was expected and is not there, then what is there: a program found but not used (a link out, too deep) first,
// and "the folder is empty" only when nothing at all was found
function missingMessage(dir: string, missing: readonly Side[], assignment: Assignment, files: readonly string[], declared: DeclaredPrograms | undefined): string {
  const names = missing.map((side) => `"${programOf(assignment, side).file}"`).join(' and ')
  const undeclared = declared ? `, and ${declared.path} declares no ${missing.map((side) => `"${side}"`).join(' or ')} command` : ''
  const unused = unusedPrograms(dir, missing.map((side) => ({ side, file: programOf(assignment, side).file })))
  const found = unused.length && !files.length ? [] : [foundText(files)]
  return `Cannot find ${names} in the submission${undeclared} (${[...unused, ...found].join('; ')})`
}
