import { builtinOracle, builtinOracleNames } from '../answers/builtin-oracles.js'
import type { Assignment } from '../assignments/assignment.js'
import type { Probe } from '../probes/probe.js'
import { probeMisfit } from '../rubric/probe-fit.js'

interface ParamSchema {
  type?: string
  enum?: unknown[]
  items?: ParamSchema
  minimum?: number
  maximum?: number
  minItems?: number
  uniqueItems?: boolean
  default?: unknown
}

// One probe for `sockgrade list --probes`: its name, side and transports, what it does, each parameter
// (name, type, range, default or required) and the assignments it fits
export function formatProbe(probe: Probe, assignments: readonly Assignment[]): string {
  const schema = probe.params as { properties?: Record<string, ParamSchema>; required?: string[] }
  const params = Object.entries(schema.properties ?? {})
  const width = Math.max(0, ...params.map(([name]) => name.length))
  const rows = params.map(([name, p]) => `    ${name.padEnd(width)}  ${[typeOf(p), rangeOf(p), defaultOf(p, schema.required?.includes(name) ?? false)].filter(Boolean).join(', ')}`)
  const fits = assignments.filter((a) => !probeMisfit(probe, a)).map((a) => a.id)
  const needs = [probe.sessions ? `session: ${probe.sessions.join(' or ')}` : '', probe.framings ? `framing: ${probe.framings.join(' or ')}` : '', probe.needsDialogue ? `a ${probe.needsDialogue === 'client' ? 'client-dialogue' : 'dialogue'}: in assignment.yaml` : '', probe.needsLossyServer ? 'a lossy-server: in assignment.yaml' : '', probe.numericAnswers ? `answers that are numbers (answer: ${builtinOracleNames.filter((n) => builtinOracle(n).numeric).join(', ')}, or a table of counts)` : '', probe.sentenceInputs ? 'inputs that are sentences' : '', probe.needsFiles ? 'files: to serve, in assignment.yaml' : '', probe.needsOrigin ? 'an origin: in assignment.yaml' : ''].filter(Boolean)
  return [
    `${probe.name} (${probe.side}, ${probe.transports.map((t) => t.toUpperCase()).join('/')})`,
    `  ${probe.description}`,
    params.length ? `  params:\n${rows.join('\n')}` : '  params: none',
    ...(needs.length ? [`  needs: ${needs.join('; ')}`] : []),
    `  fits: ${fits.length ? fits.join(', ') : 'no assignment known'}`,
  ].join('\n')
}

function typeOf(p: ParamSchema): string {
  if (p.enum) return `one of ${p.enum.map((v) => JSON.stringify(v)).join(', ')}`
  if (p.type === 'array') return `list${p.uniqueItems ? ' (no repeats)' : ''} of ${p.items ? typeOf(p.items) : 'values'}`
  return p.type === 'integer' ? 'whole number' : (p.type ?? 'any value')
}

function rangeOf(p: ParamSchema): string {
  if (p.minimum !== undefined && p.maximum !== undefined) return `${p.minimum} to ${p.maximum}`
  if (p.minimum !== undefined) return `at least ${p.minimum}`
  if (p.maximum !== undefined) return `at most ${p.maximum}`
  if (p.minItems !== undefined) return `at least ${p.minItems} item${p.minItems === 1 ? '' : 's'}`
  return ''
}

function defaultOf(p: ParamSchema, required: boolean): string {
  if (p.default !== undefined) return `default ${JSON.stringify(p.default)}`
  return required ? 'required' : 'optional'
}
