import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

// The files the bundled rubric and assignments are read from, relative to the package root, in a fixed order
export function bundledSources(root: string): string[] {
  const assignments = join(root, 'assignments')
  const files = readdirSync(assignments)
    .map((name) => join(assignments, name, 'assignment.yaml'))
    .filter((file) => existsSync(file))
    .sort()
  return ['rubric.yaml', 'grader/rubric/schema.json', 'grader/assignments/schema.json', ...files.map((file) => relative(root, file))]
}

// Every bundled source, names and contents, as one text: a precompiled form made from other sources is not used.
// Compared as text, not hashed: loading node:crypto alone costs ~15 ms a start
export function sourcesText(root: string): string {
  return bundledSources(root)
    .map((file) => `${file}\0${readFileSync(join(root, file), 'utf8')}\0`)
    .join('')
}
