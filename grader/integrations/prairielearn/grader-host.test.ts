// The built `sockgrade prairielearn`, run as a child process the way PrairieLearn's grader host runs the container's
// entrypoint, and judged by PrairieLearn's own rule (grader/test-support/prairielearn-host.ts, read from
// apps/grader-host/src/index.ts: `results.succeeded = !results.timedOut && data.State.ExitCode === 0`, and
// results.json is read only `if (results.succeeded)`). A results.json sockgrade wrote reaches the student only if
// the process exits 0; otherwise the student sees "Grading failed! Unknown error; please contact course staff."
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { packageRoot, referenceDir } from '../../paths.js'
import { fenced } from '../../test-support/markdown-blocks.js'
import { prairielearnHeadline, prairielearnJob, runEntrypoint } from '../../test-support/prairielearn-host.js'

const bin = join(packageRoot, 'dist', 'grader', 'bin.js')
const base = mkdtempSync(join(tmpdir(), 'sockgrade-pl-host-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))

// The entrypoint of docs/prairielearn.md's info.json, its command swapped for the built CLI on this machine
const page = readFileSync(join(packageRoot, 'docs', 'prairielearn.md'), 'utf8')
const documented = (JSON.parse(fenced(page, 'json')[0] ?? '{}') as { externalGradingOptions: { entrypoint: string[] } }).externalGradingOptions.entrypoint
const sockgrade = (...args: string[]) => [process.execPath, bin, ...args]

let jobs = 0
// /grade as PrairieLearn lays it out: the textbook UDP pair in student/, data/data.json, no results/
function gradeRoot(params: Record<string, unknown>): string {
  const root = join(base, `job-${++jobs}`)
  mkdirSync(join(root, 'student'), { recursive: true })
  mkdirSync(join(root, 'data'))
  for (const name of ['UDPClient.py', 'UDPServer.py']) copyFileSync(join(referenceDir, 'uppercase-udp', name), join(root, 'student', name))
  writeFileSync(join(root, 'data', 'data.json'), JSON.stringify({ params, variant_seed: 7, submitted_answers: {}, gradable: true }))
  return root
}

describe('sockgrade prairielearn under PrairieLearn\'s grader host', () => {
  test('the documented entrypoint and a good submission: PrairieLearn reads results.json, score 1', async () => {
    expect(documented.slice(1, 2)).toEqual(['prairielearn'])
    const root = gradeRoot({})
    const exit = await runEntrypoint(sockgrade(...documented.slice(1)), root, 150_000)
    expect(exit.exitCode, exit.stderr).toBe(0)
    const job = prairielearnJob(exit, root)
    expect(prairielearnHeadline(job)).toBe('Score')
    expect(job.results).toMatchObject({ gradable: true, score: 1 })
  }, 160_000)

  test.each([
    ['a missing assignment', [], /No assignment: add --assignment <id>/],
    ['an unknown assignment', ['--assignment', 'no-such'], /Unknown assignment "no-such"/],
    ['a mistyped option', ['--assignmnt', 'uppercase-udp'], /assignmnt/],
  ])('%s: PrairieLearn reads results.json and shows sockgrade\'s reason, not "Unknown error"', async (_name, args, reason) => {
    const root = gradeRoot({})
    const exit = await runEntrypoint(sockgrade('prairielearn', ...args), root, 60_000)
    const job = prairielearnJob(exit, root)
    expect(prairielearnHeadline(job), `exit ${exit.exitCode}: ${exit.stderr}`).toBe('Invalid, not gradable')
    expect(exit.exitCode).toBe(0)
    expect(String(job.results?.message)).toContain('The autograder failed: contact course staff')
    expect(String(job.results?.message)).toMatch(reason)
  }, 70_000)

  test('results.json cannot be written: a nonzero exit, so PrairieLearn reports the grading as failed', async () => {
    const root = gradeRoot({})
    // A file where the results folder goes: neither the report nor the failure results.json can be written
    writeFileSync(join(root, 'results'), '')
    const exit = await runEntrypoint(sockgrade('prairielearn', '--assignment', 'no-such'), root, 60_000)
    expect(exit.exitCode).not.toBe(0)
    expect(exit.stderr).toMatch(/Cannot write .*results\.json/)
    expect(prairielearnHeadline(prairielearnJob(exit, root))).toBe('Grading failed! Unknown error; please contact course staff.')
  }, 70_000)
})
