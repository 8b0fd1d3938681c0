import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { loadBundledAssignmentFiles } from '../assignments/load.js'
import { RubricError } from '../errors.js'
import { defaultRubricPath, packageRoot } from '../paths.js'
import { parseRubric } from '../rubric/load.js'
import { precompiledPath, toPrecompiledJson } from './precompiled.js'

// Build step (npm run build): validate the bundled assignments and rubric.yaml in full, as a user rubric would be,
// and write them as JSON into dist, so a grading starts without YAML or a JSON Schema compiler
try {
  const assignments = loadBundledAssignmentFiles()
  const rubric = parseRubric(readFileSync(defaultRubricPath, 'utf8'), 'rubric.yaml', assignments)
  // Written whole, then renamed: a grading starting meanwhile reads the old file or the new one, never half of one
  const path = precompiledPath(packageRoot)
  writeFileSync(`${path}.${process.pid}`, `${JSON.stringify(toPrecompiledJson(packageRoot, assignments, rubric))}\n`)
  renameSync(`${path}.${process.pid}`, path)
} catch (error) {
  if (!(error instanceof RubricError)) throw error
  process.stderr.write(`${error.problems.join('\n')}\nThe bundled rubric or assignments are invalid: nothing precompiled\n`)
  process.exitCode = 1
}
