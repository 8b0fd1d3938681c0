import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { programFiles, type Assignment } from '../assignments/assignment.js'
import { knownAssignments } from '../assignments/load.js'
import { NotGradableError, UsageError } from '../errors.js'
import { baseName, depthOf, listFiles } from '../submission/list-files.js'
import { findSockgradeYaml, loadSockgradeYaml } from '../submission/sockgrade-yaml.js'
import { quote } from '../yaml/quote.js'

/** The assignment a submission is for, and how that was decided (told to the student) */
export interface FoundAssignment {
  readonly id: string
  readonly how: string
}

// What a program's code says about the assignment; undefined where it says nothing
interface Clues {
  answer?: Assignment['answer']
  session?: Assignment['session']
  reasons: string[]
}

// The assignment from sockgrade.yaml's `assignment:`, else inferred from the programs present; ambiguous or
// unknown is a usage error that lists the candidates and asks for --assignment
export function findAssignmentFor(dir: string, label: string): FoundAssignment {
  const assignments = knownAssignments()
  const files = listFiles(dir, label)
  const yamlPath = findSockgradeYaml(files)
  const declared = yamlPath ? loadSockgradeYaml(dir, yamlPath).assignment : undefined
  if (declared !== undefined) {
    if (!assignments.has(declared)) throw new UsageError(`${yamlPath} names assignment ${quote(declared)}, which is not one of: ${[...assignments.keys()].join(', ')}`)
    return { id: declared, how: `from ${yamlPath}` }
  }
  const programs = programsByName(files, [...assignments.values()])
  if (programs.size === 0) throw new UsageError(`Cannot tell the assignment: no ${expectedNames([...assignments.values()])} in ${label}; add --assignment <id> (see: sockgrade list)`)
  const found = [...programs.values()].join(', ')
  const byName = [...assignments.values()].filter((a) => programFiles(a).some((file) => programs.has(file)))
  // A file name only one assignment asks for (WebServer.py) says it all; the textbook pairs share theirs
  if (byName.length === 1) return { id: (byName[0] as Assignment).id, how: `inferred from ${found}` }
  const clues = cluesFrom(dir, programs)
  const candidates = byName.filter((a) => (!clues.answer || a.answer === clues.answer) && (!clues.session || a.session === clues.session))
  if (candidates.length === 1) {
    const id = (candidates[0] as Assignment).id
    return { id, how: clues.reasons.length ? `inferred: ${clues.reasons.join(', ')}` : `inferred from ${found}` }
  }
  const listed = (candidates.length ? candidates : [...assignments.values()]).map((a) => a.id).join(', ')
  throw new UsageError(`Cannot tell which assignment ${found} ${programs.size === 1 ? 'is' : 'are'} for: it could be ${listed}; add --assignment <id>, or "assignment: <id>" in sockgrade.yaml`)
}

// Expected program file name → the shallowest file with that name (any letter case)
function programsByName(files: readonly string[], assignments: readonly Assignment[]): Map<string, string> {
  const expected = new Set(assignments.flatMap(programFiles))
  const found = new Map<string, string>()
  for (const file of [...files].sort((a, b) => depthOf(a) - depthOf(b))) {
    const name = [...expected].find((e) => e.toLowerCase() === baseName(file).toLowerCase())
    if (name && !found.has(name)) found.set(name, file)
  }
  return found
}

function expectedNames(assignments: readonly Assignment[]): string {
  const names = [...new Set(assignments.flatMap(programFiles))]
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`
}

// Servers say what they compute; clients say whether they read one line or every line until end of input
function cluesFrom(dir: string, programs: ReadonlyMap<string, string>): Clues {
  const clues: Clues = { reasons: [] }
  for (const [name, file] of programs) {
    const code = codeOf(join(dir, file))
    if (/server/i.test(name)) {
      const upper = /\.upper\s*\(/.test(code)
      const count = /\.count\s*\(/.test(code)
      if (upper !== count) {
        clues.answer = upper ? 'uppercase' : 'count-s'
        clues.reasons.push(`${name} ${upper ? 'uses .upper()' : 'counts letters'}`)
      }
    } else {
      const untilEnd = /EOFError|sys\.stdin|readlines\s*\(/.test(code)
      clues.session = untilEnd ? 'multiline' : 'single'
      clues.reasons.push(`${name} ${untilEnd ? 'reads lines until the input ends' : 'reads one line'}`)
    }
  }
  return clues
}

// A program's text without comments (a comment saying "count" is not code that counts); empty when unreadable
function codeOf(path: string): string {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .map((line) => line.replace(/#.*$/, ''))
      .join('\n')
  } catch {
    return ''
  }
}

// The course folder a submission's sockgrade.yaml names (`course:`, relative to the file's folder), if any
export function courseOfSubmission(dir: string, label: string): { dir: string; how: string } | undefined {
  const yamlPath = findSockgradeYaml(listFiles(dir, label))
  const course = yamlPath ? declaredCourse(dir, yamlPath) : undefined
  return yamlPath && course ? { dir: resolve(dir, dirname(yamlPath), course), how: `course: in ${yamlPath}` } : undefined
}

// The course a sockgrade.yaml names; none when the file cannot be read: the grading then reports the file's problem
// as it always does (not gradable, in one line), instead of check stopping on it
function declaredCourse(dir: string, yamlPath: string): string | undefined {
  try {
    return loadSockgradeYaml(dir, yamlPath).course
  } catch (error) {
    if (error instanceof NotGradableError) return undefined
    throw error
  }
}
