import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { RubricError } from '../errors.js'
import { parseLocatedYaml } from '../yaml/located-yaml.js'
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
  const label = relative(labelRoot, dir) || dir
  const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const description = /^#\s*(.*)$/m.exec(text)?.[1]?.trim() ?? ''
  const seed = text ? seedIn(text, `${label}/expect.yaml`) : undefined
  return { assignment, kind, name, dir, label, loses: text ? lossesIn(text, `${label}/expect.yaml`) : [], description, hasExpectation: text !== '', ...(seed === undefined ? {} : { seed }) }
}

// expect.yaml's seed: the seed its losses hold for (a pinger without a timeout hangs at the first lost ping, and what
// it printed before that depends on where the seed puts it); a seed that is not a whole number is the course's error
function seedIn(text: string, fileLabel: string): number | undefined {
  const yaml = parseLocatedYaml(text, fileLabel)
  const seed = (yaml.value as { seed?: unknown } | null)?.seed
  if (seed === undefined || seed === null) return undefined
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) throw new RubricError([`${yaml.locate('/seed')}: seed must be a whole number from 0 to 2147483647, the seed the losses hold for`])
  return seed
}

// The check ids an expect.yaml lists under `loses`; a YAML mistake or a `loses` that is not a list of ids is the
// course's own error, said at its file:line:col
function lossesIn(text: string, fileLabel: string): string[] {
  const yaml = parseLocatedYaml(text, fileLabel)
  if (yaml.syntaxErrors.length) throw new RubricError(yaml.syntaxErrors)
  const loses = (yaml.value as { loses?: unknown } | null)?.loses
  if (loses === undefined || loses === null) return []
  if (!Array.isArray(loses) || !loses.every((id) => typeof id === 'string')) {
    throw new RubricError([`${yaml.locate('/loses')}: loses must be a list of check ids, as "loses: [server-answers-basic]"`])
  }
  return loses
}

function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
}
