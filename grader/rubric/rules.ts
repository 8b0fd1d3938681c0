import type { Ajv, ValidateFunction } from 'ajv'
import type { Assignment } from '../assignments/assignment.js'
import { inputsFor } from '../inputs/inputs.js'
import { probeNamed } from '../probes/index.js'
import { escapePointer, type LocatedYaml } from '../yaml/located-yaml.js'
import { formatNamedAjvError } from '../yaml/named-errors.js'
import { newAjv } from '../yaml/new-ajv.js'
import { rubricName } from './names.js'
import { probeMisfit } from './probe-fit.js'
import { clientDialogueSteps, stepNames } from '../dialogue/dialogue.js'

/** A check as far as it can be read: each field is there only when it has the right type */
export interface CheckView {
  readonly index: number
  readonly id?: string
  readonly probe?: string
  /** The params as written, when they are a mapping or absent */
  readonly params?: Record<string, unknown>
  readonly paramsReadable: boolean
  readonly points?: number
  readonly extraCredit?: boolean
  readonly requires?: readonly string[]
}

/** An assignment of the rubric; `checks` is absent when they are not a list */
export interface AssignmentView {
  readonly id: string
  readonly checks?: readonly CheckView[]
}

/** What a semantic rule sees: every readable part of the rubric (schema errors or not), where things are, and where problems go */
export interface RuleContext {
  readonly assignmentViews: readonly AssignmentView[]
  readonly yaml: LocatedYaml
  readonly assignments: ReadonlyMap<string, Assignment>
  // A problem at a JSON pointer, named by assignment and check id: `uppercase-udp › listens › probe: message`
  report(pointer: string, message: string, options?: { key?: boolean }): void
  // Report a problem already formatted as `file:line:col: message`
  reportLocated(problem: string): void
}

type Rule = (ctx: RuleContext) => void

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

// Read the rubric leniently, so rules can run on every part the schema did not reject
export function viewRubric(value: unknown): AssignmentView[] {
  if (!isRecord(value) || !isRecord(value.assignments)) return []
  return Object.entries(value.assignments).map(([id, body]) => ({
    id,
    checks: isRecord(body) && Array.isArray(body.checks) ? body.checks.map(viewCheck) : undefined,
  }))
}

function viewCheck(raw: unknown, index: number): CheckView {
  const c = isRecord(raw) ? raw : {}
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined)
  return {
    index,
    id: text(c.id),
    probe: text(c.probe),
    params: isRecord(c.params) ? c.params : undefined,
    paramsReadable: c.params === undefined || isRecord(c.params),
    points: typeof c.points === 'number' && c.points >= 0 ? c.points : undefined,
    extraCredit: c.extra_credit === undefined ? false : typeof c.extra_credit === 'boolean' ? c.extra_credit : undefined,
    requires: Array.isArray(c.requires) ? c.requires.filter((r): r is string => typeof r === 'string') : undefined,
  }
}

const checkPointer = (assignment: string, index: number, field?: string) =>
  `/assignments/${escapePointer(assignment)}/checks/${index}${field ? `/${field}` : ''}`

function forEachCheck(ctx: RuleContext, visit: (assignment: string, check: CheckView) => void): void {
  for (const { id, checks } of ctx.assignmentViews) for (const check of checks ?? []) visit(id, check)
}

const knownAssignment: Rule = (ctx) => {
  for (const { id } of ctx.assignmentViews) {
    if (!ctx.assignments.has(id)) ctx.report(`/assignments/${escapePointer(id)}`, `unknown assignment (known: ${[...ctx.assignments.keys()].join(', ')})`, { key: true })
  }
}

const knownProbe: Rule = (ctx) =>
  forEachCheck(ctx, (assignment, check) => {
    if (check.probe !== undefined && !probeNamed(check.probe)) ctx.report(checkPointer(assignment, check.index, 'probe'), `unknown probe "${check.probe}" (see: sockgrade list --probes)`)
  })

const uniqueIds: Rule = (ctx) => {
  for (const { id: assignment, checks } of ctx.assignmentViews) {
    const firstIndex = new Map<string, number>()
    for (const check of checks ?? []) {
      if (check.id === undefined) continue
      const first = firstIndex.get(check.id)
      if (first === undefined) {
        firstIndex.set(check.id, check.index)
        continue
      }
      const line = /:(\d+):\d+$/.exec(ctx.yaml.locate(checkPointer(assignment, first, 'id')))?.[1]
      ctx.report(checkPointer(assignment, check.index, 'id'), `duplicate check id "${check.id}" (first used on line ${line})`)
    }
  }
}

// A prerequisite must be an earlier check of the same assignment, so grading order settles it
const requiresEarlierCheck: Rule = (ctx) => {
  for (const { id: assignment, checks } of ctx.assignmentViews) {
    for (const check of checks ?? []) {
      ;(check.requires ?? []).forEach((required, j) => {
        const at = (checks ?? []).findIndex((c) => c.id === required)
        const pointer = `${checkPointer(assignment, check.index, 'requires')}/${j}`
        if (required === check.id) ctx.report(pointer, 'a check cannot require itself')
        else if (at < 0) ctx.report(pointer, `unknown check "${required}"`)
        else if (at >= check.index) ctx.report(pointer, `"${required}" must come before this check`)
      })
    }
  }
}

// The probe must be able to test this assignment: transport, session kind and whether its answers are numbers
const probeFitsAssignment: Rule = (ctx) =>
  forEachCheck(ctx, (assignmentId, check) => {
    const probe = check.probe === undefined ? undefined : probeNamed(check.probe)
    const assignment = ctx.assignments.get(assignmentId)
    if (!probe || !assignment) return
    const misfit = probeMisfit(probe, assignment)
    if (misfit) ctx.report(checkPointer(assignmentId, check.index, 'probe'), `"${check.probe}" cannot test ${misfit}`)
  })

const paramValidators = new Map<string, ValidateFunction>()
let ajv: Ajv | undefined

// Each check's params are validated against its own probe's schema, as ESLint does with rule options
const paramsMatchProbe: Rule = (ctx) =>
  forEachCheck(ctx, (assignment, check) => {
    const probe = check.probe === undefined ? undefined : probeNamed(check.probe)
    if (!probe || !check.paramsReadable) return
    let validate = paramValidators.get(probe.name)
    if (!validate) paramValidators.set(probe.name, (validate = (ajv ??= newAjv()).compile(probe.params)))
    if (validate(check.params ?? {})) return
    const paramsPointer = checkPointer(assignment, check.index, 'params')
    // Omitted params are located at the check, and still named as params
    const base = check.params === undefined ? checkPointer(assignment, check.index) : paramsPointer
    const name = (pointer: string) => rubricName(ctx.yaml.value, `${paramsPointer}${pointer.slice(base.length)}`)
    for (const error of validate.errors ?? []) ctx.reportLocated(`${formatNamedAjvError(error, ctx.yaml, { base, name })} (probe "${check.probe}")`)
  })

// Sentence kinds pick among sentences: for an assignment whose inputs are a list or a template they would do nothing
const kindsNeedSentences: Rule = (ctx) =>
  forEachCheck(ctx, (assignmentId, check) => {
    const assignment = ctx.assignments.get(assignmentId)
    if (!assignment || check.params?.kinds === undefined || inputsFor(assignment).sentences) return
    ctx.report(`${checkPointer(assignmentId, check.index, 'params')}/kinds`, `kinds picks sentences, and the inputs of ${assignmentId} are not sentences: leave kinds out`, { key: true })
  })

// A client-dialogue probe's dialogue must be one of the assignment's client-dialogues, and the steps it names expect
// steps of that dialogue: a misspelt name would otherwise fail every student's check
const dialogueNamesExist: Rule = (ctx) =>
  forEachCheck(ctx, (assignmentId, check) => {
    const probe = check.probe === undefined ? undefined : probeNamed(check.probe)
    const assignment = ctx.assignments.get(assignmentId)
    if (!probe || probe.needsDialogue !== 'client' || !assignment || !check.params) return
    const at = checkPointer(assignmentId, check.index, 'params')
    const dialogue = check.params.dialogue
    const named = assignment['client-dialogues'] ?? {}
    if (typeof dialogue === 'string' && !Object.hasOwn(named, dialogue)) {
      const known = Object.keys(named)
      return ctx.report(`${at}/dialogue`, `no client dialogue "${dialogue}" in assignment.yaml (${known.length ? `client-dialogues: has ${known.map((k) => `"${k}"`).join(', ')}` : 'it has no client-dialogues:'})`)
    }
    if (typeof check.params.matches === 'string') {
      try {
        new RegExp(check.params.matches, 'su')
      } catch (error) {
        ctx.report(`${at}/matches`, `not a valid regular expression: ${(error as Error).message}`)
      }
    }
    const names = stepNames(clientDialogueSteps(assignment, typeof dialogue === 'string' ? dialogue : undefined))
    const listed = (key: string, value: unknown) => (typeof value === 'string' ? [[key, value]] : Array.isArray(value) ? value.map((name, i) => [`${key}/${i}`, name]) : [])
    const asked = [...listed('step', check.params.step), ...listed('steps', check.params.steps)]
    for (const [pointer, name] of asked) {
      if (typeof name === 'string' && !names.includes(name)) ctx.report(`${at}/${pointer}`, `no expect step named "${name}" in the dialogue (${names.length ? `its names: ${names.join(', ')}` : 'its steps have no name:'})`)
    }
  })

// Judged only when every check's points can be read: otherwise the schema errors say what to fix first
const someCredit: Rule = (ctx) => {
  for (const { id, checks } of ctx.assignmentViews) {
    if (!checks?.length || checks.some((c) => c.points === undefined || c.extraCredit === undefined)) continue
    if (checks.every((c) => c.extraCredit || c.points === 0)) ctx.report(`/assignments/${escapePointer(id)}`, 'no points to earn: every check is worth 0 or is extra credit', { key: true })
  }
}

/** The semantic rules, run in order on every readable part of the rubric, with or without schema errors */
export const rules: readonly Rule[] = [knownAssignment, knownProbe, uniqueIds, requiresEarlierCheck, probeFitsAssignment, paramsMatchProbe, dialogueNamesExist, kindsNeedSentences, someCredit]
