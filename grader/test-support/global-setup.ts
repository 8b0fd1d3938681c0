import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Tests that run the real binary or the worker process need dist/ built from the current sources; every
// temporary folder of the run (the tests' own, the grader's private copies) goes into one folder, removed at the end
export default function setup(): () => void {
  // Once per run: vitest runs a root config's globalSetup again for each project, which would nest the scratch
  // folders (Chromium's socket path then passes its 108-byte limit) and build three times
  if (process.env.SOCKGRADE_TEST_SCRATCH) return () => undefined
  const root = fileURLToPath(new URL('../..', import.meta.url))
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
  const scratch = mkdtempSync(join(tmpdir(), 'sockgrade-tests-'))
  process.env.TMPDIR = scratch
  process.env.SOCKGRADE_TEST_SCRATCH = scratch
  return () => rmSync(scratch, { recursive: true, force: true })
}
