import { execFileSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { loadBundledAssignmentFiles } from '../assignments/load.js'
import { defaultRubricPath, packageRoot } from '../paths.js'
import { loadRubricFile } from '../rubric/load.js'
import { bundledSources } from './sources-text.js'
import { precompiledPath, readPrecompiled, toPrecompiledJson } from './precompiled.js'

const tempDir = mkdtempSync(join(tmpdir(), 'sockgrade-precompiled-'))
afterAll(() => rmSync(tempDir, { recursive: true, force: true }))

// What a grading would get by parsing and validating the YAML now
const parsed = () => ({ assignments: loadBundledAssignmentFiles(), rubric: loadRubricFile(defaultRubricPath, 'rubric.yaml') })

// A package root holding a copy of the bundled sources and their precompiled form
function precompiledCopy(name: string): string {
  const root = join(tempDir, name)
  for (const file of bundledSources(packageRoot)) cpSync(join(packageRoot, file), join(root, file))
  mkdirSync(join(root, 'dist'))
  const { assignments, rubric } = parsed()
  writeFileSync(precompiledPath(root), JSON.stringify(toPrecompiledJson(root, assignments, rubric)))
  return root
}

describe('the precompiled bundled rubric and assignments', () => {
  test('read back, they equal the YAML parsed and validated now', () => {
    const precompiled = readPrecompiled(precompiledCopy('fresh'))
    expect(precompiled).toBeDefined()
    expect(precompiled).toEqual(parsed())
    expect([...precompiled!.rubric.assignments.keys()]).toEqual([...parsed().rubric.assignments.keys()])
  })

  test('an edited rubric.yaml or assignment.yaml is parsed again, not served from the stale form', () => {
    const rubricEdited = precompiledCopy('rubric-edited')
    appendFileSync(join(rubricEdited, 'rubric.yaml'), '# edited\n')
    expect(readPrecompiled(rubricEdited)).toBeUndefined()
    const assignmentEdited = precompiledCopy('assignment-edited')
    appendFileSync(join(assignmentEdited, 'assignments', 'uppercase-udp', 'assignment.yaml'), '# edited\n')
    expect(readPrecompiled(assignmentEdited)).toBeUndefined()
  })

  test('a missing or unreadable precompiled file means parsing the YAML', () => {
    const root = precompiledCopy('broken')
    writeFileSync(precompiledPath(root), '{"sources": ')
    expect(readPrecompiled(root)).toBeUndefined()
    rmSync(precompiledPath(root))
    expect(readPrecompiled(root)).toBeUndefined()
  })

  test('the build step writes the form this package then reads, equal to the parsed YAML', () => {
    execFileSync(process.execPath, [join(packageRoot, 'dist', 'grader', 'precompiled', 'write-precompiled.js')])
    expect(readPrecompiled(packageRoot)).toEqual(parsed())
  })
})
