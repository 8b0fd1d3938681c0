// Every JUnit file the tests write is checked against junit-10.xsd, the schema the Jenkins xUnit plugin validates
// reports against (grader/reporters/fixtures/README.md), by a real validator: xmllint from libxml2-utils
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { packageRoot } from '../paths.js'

export const JUNIT_XSD = join(packageRoot, 'grader', 'reporters', 'fixtures', 'junit-10.xsd')

// What xmllint says against junit-10.xsd ('' when the file validates). A missing xmllint fails, never skips: CI
// installs it (.ci/run)
export function junitXsdErrors(path: string): string {
  const run = spawnSync('xmllint', ['--noout', '--schema', JUNIT_XSD, path], { encoding: 'utf8', timeout: 30_000 })
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error('Cannot validate JUnit output: xmllint is not installed (install libxml2-utils: apt-get install libxml2-utils)')
  if (run.error) throw run.error
  return run.status === 0 ? '' : `${run.stderr}`.trim() || `xmllint exited with ${run.status}`
}

// Fails the test unless the JUnit file at `path` validates against junit-10.xsd
export function expectJunitFileValid(path: string): void {
  expect(junitXsdErrors(path), `${path} against junit-10.xsd`).toBe('')
}

// Fails the test unless a rendered JUnit document validates against junit-10.xsd
export function expectJunitValid(xml: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-junit-xsd-'))
  try {
    const path = join(dir, 'junit.xml')
    writeFileSync(path, xml)
    expectJunitFileValid(path)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
