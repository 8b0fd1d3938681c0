import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { Ajv } from 'ajv'
import { RubricError } from '../errors.js'
import { fileErrorText } from '../fs-errors.js'
import { assignmentSchemaPath, assignmentsDir, packageRoot } from '../paths.js'
import { parseLocatedYaml, schemaProblems } from '../yaml/located-yaml.js'
import type { Assignment } from './assignment.js'

const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(assignmentSchemaPath, 'utf8')))

// Read and validate one assignment.yaml; problems are RubricError lines with file:line:col
export function loadAssignmentFile(path: string, label = path): Assignment {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new RubricError([`${label}: cannot read the assignment: ${fileErrorText(error)}`])
  }
  const yaml = parseLocatedYaml(text, label)
  const problems = yaml.syntaxErrors.length ? [...yaml.syntaxErrors] : schemaProblems(validate, yaml)
  if (problems.length) throw new RubricError(problems)
  return yaml.value as Assignment
}

let cache: ReadonlyMap<string, Assignment> | undefined

// Every bundled assignment, keyed by id, in folder order
export function bundledAssignments(): ReadonlyMap<string, Assignment> {
  if (cache) return cache
  const found = new Map<string, Assignment>()
  for (const entry of readdirSync(assignmentsDir, { withFileTypes: true })) {
    const file = join(assignmentsDir, entry.name, 'assignment.yaml')
    if (!entry.isDirectory() || !existsSync(file)) continue
    const label = relative(packageRoot, file)
    const assignment = loadAssignmentFile(file, label)
    if (assignment.id !== entry.name) {
      throw new RubricError([`${label}:1:1: id "${assignment.id}" must match its folder "${entry.name}"`])
    }
    found.set(assignment.id, assignment)
  }
  cache = found
  return found
}

// One bundled assignment by id, or undefined
export function findAssignment(id: string): Assignment | undefined {
  return bundledAssignments().get(id)
}
