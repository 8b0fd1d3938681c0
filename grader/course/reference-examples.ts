import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parse } from 'yaml'
import type { Example } from '../examples.js'

// The reference solution of one assignment in `dir`, then its broken variants in `dir/broken/<defect>/`, each with
// what its expect.yaml says it must lose; labels are relative to labelRoot
export function examplesOfAssignment(assignment: string, dir: string, labelRoot: string): Example[] {
  const broken = join(dir, 'broken')
  return [example(assignment, 'reference', 'reference', dir, labelRoot), ...(existsSync(broken) ? subfolders(broken) : []).map((name) => example(assignment, 'broken', name, join(broken, name), labelRoot))]
}

// Every reference/<id>/ and reference/<id>/broken/<defect>/ under a reference folder
export function examplesIn(referenceDir: string, labelRoot: string): Example[] {
  return subfolders(referenceDir).flatMap((assignment) => examplesOfAssignment(assignment, join(referenceDir, assignment), labelRoot))
}

function example(assignment: string, kind: Example['kind'], name: string, dir: string, labelRoot: string): Example {
  const file = join(dir, 'expect.yaml')
  const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const expectation = parse(text) as { loses?: unknown } | null
  const loses = Array.isArray(expectation?.loses) ? expectation.loses.map(String) : []
  const description = /^#\s*(.*)$/m.exec(text)?.[1]?.trim() ?? ''
  return { assignment, kind, name, dir, label: relative(labelRoot, dir) || dir, loses, description, hasExpectation: text !== '' }
}

function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
}
