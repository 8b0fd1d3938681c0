import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parse } from 'yaml'
import { packageRoot, referenceDir } from './paths.js'
import { lostCheckIds, type GradeReport } from './report.js'

/** A bundled example submission: a reference solution or one of its broken variants, with what it must lose */
export interface Example {
  readonly assignment: string
  readonly kind: 'reference' | 'broken'
  /** `reference`, or the defect's name */
  readonly name: string
  readonly dir: string
  /** Path relative to the package root, for messages */
  readonly label: string
  /** Ids of the checks it must not pass, as written in expect.yaml */
  readonly loses: readonly string[]
  /** The first comment of expect.yaml: what the example is; empty when there is no expect.yaml */
  readonly description: string
  readonly hasExpectation: boolean
}

// Every reference/<id>/ and reference/<id>/broken/<defect>/ on disk, with its expect.yaml
export function bundledExamples(): Example[] {
  const examples: Example[] = []
  for (const assignment of subfolders(referenceDir)) {
    const dir = join(referenceDir, assignment)
    examples.push(example(assignment, 'reference', 'reference', dir))
    const broken = join(dir, 'broken')
    for (const name of existsSync(broken) ? subfolders(broken) : []) examples.push(example(assignment, 'broken', name, join(broken, name)))
  }
  return examples
}

function example(assignment: string, kind: Example['kind'], name: string, dir: string): Example {
  const file = join(dir, 'expect.yaml')
  const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const expectation = parse(text) as { loses?: unknown } | null
  const loses = Array.isArray(expectation?.loses) ? expectation.loses.map(String) : []
  const description = /^#\s*(.*)$/m.exec(text)?.[1]?.trim() ?? ''
  return { assignment, kind, name, dir, label: relative(packageRoot, dir), loses, description, hasExpectation: text !== '' }
}

function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
}

// Did the grader judge the example as its expect.yaml says: exactly these checks lost, and nothing else?
export function meetsExpectation(example: Example, report: GradeReport): boolean {
  const lost = lostCheckIds(report)
  const expected = [...example.loses].sort()
  return report.gradable && lost.length === expected.length && lost.every((id, i) => id === expected[i])
}
