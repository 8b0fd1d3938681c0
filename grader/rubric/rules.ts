import type { Ajv, ValidateFunction } from 'ajv'
import type { Assignment } from '../assignments/assignment.js'
import { probeNamed } from '../probes/index.js'
import { escapePointer, formatAjvError, type LocatedYaml } from '../yaml/located-yaml.js'
import { newAjv } from '../yaml/new-ajv.js'

/** What a semantic rule sees: the schema-valid rubric, where things are, and where problems go */
export interface RuleContext {
  readonly raw: RawRubric
  readonly yaml: LocatedYaml
  readonly assignments: ReadonlyMap<string, Assignment>
  report(pointer: string, message: string, options?: { key?: boolean }): void
  // Report a problem already formatted as `file:line:col: message`
  reportLocated(problem: string): void
}


export interface RawCheck {
  id: string
  name: string
  probe: string
  params?: Record<string, unknown>
  points: number
  extra_credit?: boolean
  visibility?: string
  feedback?: string
  requires?: string[]
}
export interface RawRubric {
  version: 1
  assignments: Record<string, { checks: RawCheck[] }>
}

type Rule = (ctx: RuleContext) => void

const checkPointer = (assignment: string, index: number, field?: string) =>
  `/assignments/${escapePointer(assignment)}/checks/${index}${field ? `/${field}` : ''}`

function forEachCheck(ctx: RuleContext, visit: (assignment: string, check: RawCheck, index: number) => void): void {
  for (const [assignment, { checks }] of Object.entries(ctx.raw.assignments)) checks.forEach((check, i) => visit(assignment, check, i))
}

const knownAssignment: Rule = (ctx) => {
  for (const id of Object.keys(ctx.raw.assignments)) {
    if (!ctx.assignments.has(id)) ctx.report(`/assignments/${escapePointer(id)}`, `unknown assignment "${id}" (known: ${[...ctx.assignments.keys()].join(', ')})`, { key: true })
  }
}

const knownProbe: Rule = (ctx) =>
  forEachCheck(ctx, (assignment, check, i) => {
    if (!probeNamed(check.probe)) ctx.report(checkPointer(assignment, i, 'probe'), `unknown probe "${check.probe}" (see: sockgrade list --probes)`)
  })

const uniqueIds: Rule = (ctx) => {
  for (const [assignment, { checks }] of Object.entries(ctx.raw.assignments)) {
    const firstIndex = new Map<string, number>()
    checks.forEach((check, i) => {
      const first = firstIndex.get(check.id)
      if (first === undefined) return void firstIndex.set(check.id, i)
      const line = /:(\d+):\d+$/.exec(ctx.yaml.locate(checkPointer(assignment, first, 'id')))?.[1]
      ctx.report(checkPointer(assignment, i, 'id'), `duplicate check id "${check.id}" (first used on line ${line})`)
    })
  }
}

// A prerequisite must be an earlier check of the same assignment, so grading order settles it
const requiresEarlierCheck: Rule = (ctx) => {
  for (const [assignment, { checks }] of Object.entries(ctx.raw.assignments)) {
    checks.forEach((check, i) => {
      ;(check.requires ?? []).forEach((required, j) => {
        const at = checks.findIndex((c) => c.id === required)
        if (required === check.id) ctx.report(`${checkPointer(assignment, i, 'requires')}/${j}`, `check "${check.id}" cannot require itself`)
        else if (at < 0) ctx.report(`${checkPointer(assignment, i, 'requires')}/${j}`, `requires unknown check "${required}"`)
        else if (at >= i) ctx.report(`${checkPointer(assignment, i, 'requires')}/${j}`, `requires "${required}", which must come before this check`)
      })
    })
  }
}

// The probe must be able to test this assignment: transport, session kind and transform
const probeFitsAssignment: Rule = (ctx) =>
  forEachCheck(ctx, (assignmentId, check, i) => {
    const probe = probeNamed(check.probe)
    const assignment = ctx.assignments.get(assignmentId)
    if (!probe || !assignment) return
    const misfit =
      (!probe.transports.includes(assignment.transport) && `${assignment.transport.toUpperCase()}`) ||
      (probe.sessions && !probe.sessions.includes(assignment.session) && `${assignment.session} sessions`) ||
      (probe.transforms && !probe.transforms.includes(assignment.transform) && `the ${assignment.transform} transform`)
    if (misfit) ctx.report(checkPointer(assignmentId, i, 'probe'), `probe "${check.probe}" cannot test ${misfit} (assignment "${assignmentId}")`)
  })

const paramValidators = new Map<string, ValidateFunction>()
let ajv: Ajv | undefined

// Each check's params are validated against its own probe's schema, as ESLint does with rule options
const paramsMatchProbe: Rule = (ctx) =>
  forEachCheck(ctx, (assignment, check, i) => {
    const probe = probeNamed(check.probe)
    if (!probe) return
    let validate = paramValidators.get(probe.name)
    if (!validate) paramValidators.set(probe.name, (validate = (ajv ??= newAjv()).compile(probe.params)))
    if (validate(check.params ?? {})) return
    const base = check.params === undefined ? checkPointer(assignment, i) : checkPointer(assignment, i, 'params')
    for (const error of validate.errors ?? []) {
      ctx.reportLocated(`${formatAjvError(error, ctx.yaml, { base, name: 'params' })} (probe "${check.probe}")`)
    }
  })

const someCredit: Rule = (ctx) => {
  for (const [assignment, { checks }] of Object.entries(ctx.raw.assignments)) {
    if (checks.every((c) => c.extra_credit || c.points === 0)) ctx.report(`/assignments/${escapePointer(assignment)}`, `assignment "${assignment}" has no points to earn`, { key: true })
  }
}

/** The semantic rules, run in order after the schema passes */
export const rules: readonly Rule[] = [knownAssignment, knownProbe, uniqueIds, requiresEarlierCheck, probeFitsAssignment, paramsMatchProbe, someCredit]
