import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The package root, found from this file whether it runs from grader/ (tests) or dist/grader/ (built)
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('dist')) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('Cannot find the sockgrade package root')
    dir = parent
  }
  return dir
}

export const packageRoot = findPackageRoot()
export const assignmentsDir = join(packageRoot, 'assignments')
export const referenceDir = join(packageRoot, 'reference')
export const defaultRubricPath = join(packageRoot, 'rubric.yaml')
export const rubricSchemaPath = join(packageRoot, 'grader', 'rubric', 'schema.json')
export const assignmentSchemaPath = join(packageRoot, 'grader', 'assignments', 'schema.json')
