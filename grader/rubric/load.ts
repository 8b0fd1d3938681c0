import { readFileSync } from 'node:fs'
import type { ValidateFunction } from 'ajv'
import { bundledAssignments } from '../assignments/load.js'
import type { Assignment } from '../assignments/assignment.js'
import { rubricSchemaPath } from '../paths.js'
import type { Visibility } from '../report.js'
import { parseLocatedYaml, schemaProblems, sortByPosition } from '../yaml/located-yaml.js'
import { newAjv } from '../yaml/new-ajv.js'
import { fileErrorText } from '../fs-errors.js'
import { RubricError, UsageError } from '../errors.js'
import type { Rubric, RubricCheck } from './rubric.js'
import { rules, type RawRubric } from './rules.js'

let validator: ValidateFunction | undefined
// Compiled on first use: a grading with the bundled rubric uses its form precompiled at build time
const validate = () => (validator ??= newAjv().compile(JSON.parse(readFileSync(rubricSchemaPath, 'utf8'))))

// Read a rubric file; `label` is how errors name it (the path as the user typed it)
export function loadRubricFile(path: string, label = path): Rubric {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new UsageError(`Cannot read the rubric "${label}": ${fileErrorText(error)}`)
  }
  return parseRubric(text, label)
}

// Parse and validate rubric text: syntax, then the JSON Schema, then semantic rules; all problems at once
export function parseRubric(text: string, label: string, assignments: ReadonlyMap<string, Assignment> = bundledAssignments()): Rubric {
  const yaml = parseLocatedYaml(text, label)
  if (yaml.syntaxErrors.length) throw new RubricError(yaml.syntaxErrors)
  const schemaErrors = schemaProblems(validate(), yaml)
  if (schemaErrors.length) throw new RubricError(schemaErrors)
  const raw = yaml.value as RawRubric
  const problems: string[] = []
  for (const rule of rules) {
    rule({
      raw,
      yaml,
      assignments,
      report: (pointer, message, options) => problems.push(`${yaml.locate(pointer, options)}: ${message}`),
      reportLocated: (problem) => problems.push(problem),
    })
  }
  if (problems.length) throw new RubricError(sortByPosition(problems))
  return { source: label, assignments: new Map(Object.entries(raw.assignments).map(([id, { checks }]) => [id, checks.map(toCheck)])) }
}

function toCheck(raw: RawRubric['assignments'][string]['checks'][number]): RubricCheck {
  return {
    id: raw.id,
    name: raw.name,
    probe: raw.probe,
    params: raw.params ?? {},
    points: raw.points,
    extraCredit: raw.extra_credit ?? false,
    visibility: (raw.visibility ?? 'visible') as Visibility,
    feedback: raw.feedback,
    requires: raw.requires ?? [],
  }
}
