import { readFileSync } from 'node:fs'
import type { ValidateFunction } from 'ajv'
import { bundledAssignments } from '../assignments/load.js'
import type { Assignment } from '../assignments/assignment.js'
import { rubricSchemaPath } from '../paths.js'
import type { Visibility } from '../report.js'
import { COURSE_YAML_LIMITS } from '../yaml/bounded-parse.js'
import { parseLocatedYaml, sortByPosition } from '../yaml/located-yaml.js'
import { namedSchemaProblems } from '../yaml/named-errors.js'
import { syntaxProblems } from '../yaml/syntax-problems.js'
import { newAjv } from '../yaml/new-ajv.js'
import { readYamlText } from '../yaml/read-yaml.js'
import { fileErrorText } from '../fs-errors.js'
import { RubricError, UsageError } from '../errors.js'
import type { Rubric, RubricCheck } from './rubric.js'
import { rubricName } from './names.js'
import { rules, viewRubric } from './rules.js'

let validator: ValidateFunction | undefined
// Compiled on first use: a grading with the bundled rubric uses its form precompiled at build time
const validate = () => (validator ??= newAjv().compile(JSON.parse(readFileSync(rubricSchemaPath, 'utf8'))))

// Read a rubric file; `label` is how errors name it (the path as the user typed it)
export function loadRubricFile(path: string, label = path, assignments: ReadonlyMap<string, Assignment> = bundledAssignments()): Rubric {
  let text: string
  try {
    text = readYamlText(path, COURSE_YAML_LIMITS.maxBytes)
  } catch (error) {
    throw new UsageError(`Cannot read the rubric "${label}": ${fileErrorText(error)}`)
  }
  return parseRubric(text, label, assignments)
}

// Parse and validate rubric text: syntax first; then the JSON Schema and the semantic rules together, the rules
// running on every part the schema did not reject, so one round of fixes is enough
export function parseRubric(text: string, label: string, assignments: ReadonlyMap<string, Assignment> = bundledAssignments()): Rubric {
  const yaml = parseLocatedYaml(text, label)
  if (yaml.syntaxErrors.length) throw new RubricError(syntaxProblems(text, label))
  const problems = namedSchemaProblems(validate(), yaml, (pointer) => rubricName(yaml.value, pointer))
  const assignmentViews = viewRubric(yaml.value)
  for (const rule of rules) {
    rule({
      assignmentViews,
      yaml,
      assignments,
      report: (pointer, message, options) => {
        const name = rubricName(yaml.value, pointer)
        problems.push(`${yaml.locate(pointer, options)}: ${name ? `${name}: ` : ''}${message}`)
      },
      reportLocated: (problem) => problems.push(problem),
    })
  }
  if (problems.length) throw new RubricError(sortByPosition(problems))
  const raw = yaml.value as RawRubric
  return { source: label, assignments: new Map(Object.entries(raw.assignments).map(([id, { checks }]) => [id, checks.map(toCheck)])) }
}

/** A rubric as written, once it passed the schema and the rules */
interface RawCheck {
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
interface RawRubric {
  version: 1
  assignments: Record<string, { checks: RawCheck[] }>
}

function toCheck(raw: RawCheck): RubricCheck {
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
