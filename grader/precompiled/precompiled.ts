import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Assignment } from '../assignments/assignment.js'
import { packageRoot } from '../paths.js'
import type { Rubric, RubricCheck } from '../rubric/rubric.js'
import { sourcesText } from './sources-text.js'

/** The bundled assignments and rubric, validated when the package was built, as JSON */
export interface PrecompiledJson {
  /** sourcesText() of the files they were read from */
  readonly sources: string
  readonly assignments: readonly Assignment[]
  readonly rubric: { readonly source: string; readonly assignments: readonly (readonly [string, readonly RubricCheck[]])[] }
}

/** The bundled assignments and rubric, ready to use */
export interface Precompiled {
  readonly assignments: ReadonlyMap<string, Assignment>
  readonly rubric: Rubric
}

// Where the build writes the precompiled form (inside dist, so a package install has it)
export function precompiledPath(root: string): string {
  return join(root, 'dist', 'precompiled.json')
}

// The precompiled form, or undefined when it is missing or was made from other sources (then parse the YAML)
export function readPrecompiled(root: string): Precompiled | undefined {
  let json: PrecompiledJson
  try {
    json = JSON.parse(readFileSync(precompiledPath(root), 'utf8')) as PrecompiledJson
  } catch {
    return undefined
  }
  if (json.sources !== sourcesText(root)) return undefined
  return {
    assignments: new Map(json.assignments.map((a) => [a.id, a])),
    rubric: { source: json.rubric.source, assignments: new Map(json.rubric.assignments) },
  }
}

// The JSON form of validated assignments and rubric
export function toPrecompiledJson(root: string, assignments: ReadonlyMap<string, Assignment>, rubric: Rubric): PrecompiledJson {
  return { sources: sourcesText(root), assignments: [...assignments.values()], rubric: { source: rubric.source, assignments: [...rubric.assignments] } }
}

let bundled: Precompiled | null | undefined

// This package's precompiled form, read once; undefined when it has to be parsed from the YAML
export function bundledPrecompiled(): Precompiled | undefined {
  if (bundled === undefined) bundled = readPrecompiled(packageRoot) ?? null
  return bundled ?? undefined
}
