import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import type { ValidateFunction } from 'ajv'
import type { BuiltinOracleName } from '../answers/builtin-oracles.js'
import { compareSpecProblem } from '../answers/compare.js'
import { hexBytes, inputsSpecProblem } from '../inputs/inputs.js'
import { framingOf, framingProblem } from './framing.js'
import { lossyServerProblem } from '../lossy-server/spec.js'
import { dialogueProblem, startTlsPointer, untilCloseProblem, type DialogueStepSpec } from '../dialogue/dialogue.js'
import { RubricError } from '../errors.js'
import { fileErrorText } from '../fs-errors.js'
import { assignmentSchemaPath, assignmentsDir, packageRoot } from '../paths.js'
import { bundledPrecompiled } from '../precompiled/precompiled.js'
import { COURSE_YAML_LIMITS } from '../yaml/bounded-parse.js'
import { escapePointer, parseLocatedYaml, type LocatedYaml } from '../yaml/located-yaml.js'
import { namedSchemaProblems, pointerName } from '../yaml/named-errors.js'
import { syntaxProblems } from '../yaml/syntax-problems.js'
import { newAjv } from '../yaml/new-ajv.js'
import { readYamlText } from '../yaml/read-yaml.js'
import type { Assignment } from './assignment.js'

let validator: ValidateFunction | undefined
// Compiled on first use: the bundled assignments are validated when the package is built
const validate = () => (validator ??= newAjv().compile(JSON.parse(readFileSync(assignmentSchemaPath, 'utf8'))))

// Read and validate one assignment.yaml; problems are RubricError lines with file:line:col
export function loadAssignmentFile(path: string, label = path): Assignment {
  let text: string
  try {
    text = readYamlText(path, COURSE_YAML_LIMITS.maxBytes)
  } catch (error) {
    throw new RubricError([`${label}: cannot read the assignment: ${fileErrorText(error)}`])
  }
  const yaml = parseLocatedYaml(text, label)
  const problems = yaml.syntaxErrors.length ? syntaxProblems(text, label) : [...answerNameProblems(yaml), ...namedSchemaProblems(validate(), yaml)]
  if (problems.length) throw new RubricError(problems)
  const { transform, answer, ...rest } = yaml.value as Written
  // answerNameProblems made sure there is one, unless a dialogue stands instead
  const chosen = answer ?? transform
  const misfit = meaningProblems({ ...rest, answer: chosen })
  if (misfit) throw new RubricError([`${yaml.locate(misfit.pointer, { key: misfit.atKey ?? false })}: ${misfit.pointer ? `${pointerName(misfit.pointer)}: ` : ''}${misfit.problem}`])
  if (chosen === undefined) return rest
  if (typeof chosen === 'string') return { ...rest, answer: chosen }
  if ('table' in chosen) return { ...rest, answer: { table: Object.fromEntries(Object.entries(chosen.table).map(([k, v]) => [k, String(v)])) } }
  // A course keeps its references in reference/<id>/, beside assignments/<id>/ (the folder's name: a different id is
  // reported as that, by loadAssignmentFolder)
  const folder = basename(dirname(path))
  const dir = resolve(dirname(path), '..', '..', 'reference', folder)
  if (!existsSync(join(dir, chosen.reference))) {
    throw new RubricError([`${yaml.locate('/answer/reference')}: answer › reference: ${['reference', folder, chosen.reference].join('/')} (beside assignments/) does not exist: put the reference server there`])
  }
  return { ...rest, answer: { reference: chosen.reference, dir } }
}

/** assignment.yaml as written: the answer under its name or its older one (`transform:`), table answers maybe numbers */
type Written = Omit<Assignment, 'answer'> & { answer?: BuiltinOracleName | { table: Record<string, string | number> } | { reference: string }; transform?: BuiltinOracleName }

// What the schema cannot say: a compare setting of another rule, a template field that cannot be used, inputs a table
// does not answer. The first one, at its JSON pointer
function meaningProblems(written: Omit<Written, 'transform'>): { pointer: string; atKey?: boolean; problem: string } | undefined {
  if (!written.server && !written.client) return { pointer: '', problem: 'missing required property "server" or "client": declare the program (or programs) students hand in' }
  const twice = (written.files ?? []).findIndex((file, i, all) => all.findIndex((f) => f.name === file.name) < i)
  if (twice >= 0) return { pointer: `/files/${twice}/name`, problem: `"${written.files?.[twice]?.name}" is declared twice: give each file once` }
  const again = (written.origin?.pages ?? []).findIndex((page, i, all) => all.findIndex((p) => p.name === page.name) < i)
  if (again >= 0) return { pointer: `/origin/pages/${again}/name`, problem: `"${written.origin?.pages[again]?.name}" is declared twice: give each page once` }
  if (written.origin && !written.server) return { pointer: '/origin', atKey: true, problem: "an origin serves a student's proxy: declare the server: program (the proxy)" }
  if (written.files && !written.server) return { pointer: '/files', atKey: true, problem: 'files are written beside the server: declare the server: program they are for' }
  const compare = written.compare === undefined ? undefined : compareSpecProblem(written.compare)
  if (compare) return { pointer: compare.key ? `/compare/${compare.key}` : '/compare', atKey: Boolean(compare.key), problem: compare.problem }
  const framing = written.framing === undefined ? undefined : framingProblem(written.framing, written.transport, written.session)
  if (framing) return { pointer: typeof written.framing === 'object' ? '/framing/terminator' : '/framing', problem: framing }
  const dialogues: [string, Assignment['dialogue']][] = [
    ['/dialogue', written.dialogue],
    ['/client-dialogue', written['client-dialogue']],
    ...Object.entries(written['client-dialogues'] ?? {}).map(([name, steps]): [string, Assignment['dialogue']] => [`/client-dialogues/${escapePointer(name)}`, steps]),
  ]
  for (const [at, steps] of dialogues) {
    if (steps === undefined) continue
    const dialogue = dialogueProblem(steps, at) ?? (framingOf(written).halfClose ? untilCloseProblem(steps, at) : undefined) ?? stepFramingProblem(steps, at, written)
    if (dialogue) return dialogue
    // Over TCP the steps are messages on one connection: each must have an end the other side can see
    if (framingOf(written).name === 'connection') return { pointer: at, atKey: true, problem: 'a dialogue over TCP needs messages that end: give framing: lines, a terminator ({ terminator: "\\r\\n" }) or until-close' }
    if (at !== '/dialogue' && written.transport === 'udp') return { pointer: at, atKey: true, problem: 'a client dialogue is played over TCP for now: the grader cannot yet play a UDP server step by step' }
    // The grader takes TLS's server side only (its own throw-away certificate): a student server's certificate is its own
    const tls = startTlsPointer(steps, at)
    if (tls && at === '/dialogue') return { pointer: tls, atKey: true, problem: 'start-tls makes the grader the TLS server: it goes in a client dialogue (client-dialogue:, client-dialogues:), where the grader plays the server' }
  }
  const lossy = written['lossy-server']
  if (lossy && written.transport !== 'udp') return { pointer: '/lossy-server', atKey: true, problem: 'the grader plays a lossy server over UDP only: give transport: udp' }
  const lossyProblem = lossy ? lossyServerProblem(lossy) : undefined
  if (lossyProblem) return lossyProblem
  const inputs = written.inputs === undefined ? undefined : inputsSpecProblem(written.inputs)
  if (inputs) return { pointer: `/inputs/${inputs.key}${inputs.index === undefined ? '' : `/${inputs.index}`}`, problem: inputs.problem }
  if (written.inputs !== undefined && 'bytes' in written.inputs) {
    if (typeof written.answer !== 'object' || !('reference' in written.answer)) return { pointer: '/inputs/bytes', atKey: true, problem: 'bytes are answered by a reference server (answer: reference: ...): a built-in or a table answers text' }
    // Over a stream, a terminator inside an input would end the message there
    const framing = framingOf(written)
    const end = framing.perConnection ? undefined : framing.terminator
    const index = end ? written.inputs.bytes.findIndex((hex) => hexBytes(hex)?.includes(end)) : -1
    if (index >= 0) return { pointer: `/inputs/bytes/${index}`, problem: `holds ${JSON.stringify(end?.toString())}, which ends a message in this assignment's framing` }
  }
  // A table's inputs are inputs too: each is checked as one
  const keys = typeof written.answer === 'object' && 'table' in written.answer ? Object.keys(written.answer.table) : []
  const key = inputsSpecProblem({ list: keys })
  if (key?.index !== undefined) return { pointer: `/answer/table/${escapePointer(keys[key.index] as string)}`, atKey: true, problem: key.problem }
  if (typeof written.answer === 'object' && 'table' in written.answer && written.inputs !== undefined) {
    const table = written.answer.table
    if (!('list' in written.inputs)) return { pointer: '/inputs', atKey: true, problem: 'a table answers only its own inputs: leave inputs out, or give a list of them' }
    const unknown = written.inputs.list.findIndex((item) => !Object.hasOwn(table, item))
    if (unknown >= 0) return { pointer: `/inputs/list/${unknown}`, problem: `${JSON.stringify(written.inputs.list[unknown])} is not an input of the answer table` }
  }
  return undefined
}

// Step settings the assignment's framing cannot honour: lines-until reads lines, hold-ms looks ahead in a stream
function stepFramingProblem(steps: readonly DialogueStepSpec[], at: string, written: Omit<Written, 'transform'>): { pointer: string; atKey?: boolean; problem: string } | undefined {
  const framing = framingOf(written)
  for (const [index, step] of steps.entries()) {
    const pointer = `${at}/${index}`
    const nested = 'repeat' in step ? { steps: step.steps, key: 'steps' } : 'expect' in step && step.then ? { steps: step.then, key: 'then' } : undefined
    if (nested) {
      const inner = stepFramingProblem(nested.steps, `${pointer}/${nested.key}`, written)
      if (inner) return inner
    }
    if ('expect' in step && step['lines-until'] !== undefined && framing.name !== 'lines') {
      return { pointer: `${pointer}/lines-until`, atKey: true, problem: 'lines-until reads a message line by line: it needs framing: lines' }
    } else if ('send' in step && step['hold-ms'] !== undefined && written.transport === 'udp') {
      return { pointer: `${pointer}/hold-ms`, atKey: true, problem: 'hold-ms looks for bytes that came early on a TCP stream: a UDP dialogue has none' }
    }
  }
  return undefined
}

// The answer must be given under exactly one of its two names (the schema cannot say so in one clear line)
function answerNameProblems(yaml: LocatedYaml): string[] {
  if (typeof yaml.value !== 'object' || yaml.value === null || Array.isArray(yaml.value)) return []
  const written = yaml.value as Partial<Written>
  if (written.answer !== undefined && written.transform !== undefined) return [`${yaml.locate('/transform', { key: true })}: transform: is the older name of "answer": give only one of them`]
  if (written.answer === undefined && written.transform === undefined && written.dialogue === undefined && written['client-dialogue'] === undefined && written.files === undefined && written.origin === undefined) return [`${yaml.locate('')}: missing required property "answer" (or a dialogue, files to serve, or an origin)`]
  return []
}

let cache: ReadonlyMap<string, Assignment> | undefined

// Every bundled assignment, keyed by id, in folder order: precompiled at build time, else parsed and validated
export function bundledAssignments(): ReadonlyMap<string, Assignment> {
  cache ??= bundledPrecompiled()?.assignments ?? loadBundledAssignmentFiles()
  return cache
}

// Every assignments/<id>/assignment.yaml, read and validated (the build does this once for the precompiled form)
export function loadBundledAssignmentFiles(): ReadonlyMap<string, Assignment> {
  return loadAssignmentsIn(assignmentsDir, packageRoot)
}

// Every <id>/assignment.yaml under a folder, read and validated, its id matching its folder; labels relative to labelRoot
export function loadAssignmentsIn(dir: string, labelRoot: string): ReadonlyMap<string, Assignment> {
  const found = new Map<string, Assignment>()
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const file = join(dir, entry.name, 'assignment.yaml')
    if (!entry.isDirectory() || !existsSync(file)) continue
    found.set(entry.name, loadAssignmentFolder(join(dir, entry.name), labelRoot))
  }
  return found
}

// One assignment folder (with its assignment.yaml), its id matching the folder's name
export function loadAssignmentFolder(dir: string, labelRoot: string): Assignment {
  const file = join(dir, 'assignment.yaml')
  const label = relative(labelRoot, file) || file
  const assignment = loadAssignmentFile(file, label)
  if (assignment.id !== basename(dir)) throw new RubricError([`${label}:1:1: id "${assignment.id}" must match its folder "${basename(dir)}"`])
  return assignment
}

const added = new Map<string, Assignment>()

// Make an instructor's own assignment gradable by id in this process, next to (or instead of) a bundled one
export function addAssignment(assignment: Assignment): void {
  added.set(assignment.id, assignment)
}

// Forget every added assignment: a command's course lasts as long as the command (main runs several in one process in tests)
export function forgetAddedAssignments(): void {
  added.clear()
}

// Every assignment gradable by id in this process: the bundled ones, and those added over them
export function knownAssignments(): ReadonlyMap<string, Assignment> {
  return new Map([...bundledAssignments(), ...added])
}

// One assignment by id (an added one first, then the bundled ones), or undefined
export function findAssignment(id: string): Assignment | undefined {
  return added.get(id) ?? bundledAssignments().get(id)
}
