import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { main } from '../../cli.js'
import { referenceDir } from '../../paths.js'
import { commitSeed } from './commit-seed.js'

// `sockgrade check` as the workflow's grading step runs it under GitHub Actions, with no --seed: the seed comes from
// the repository and the commit, so every run of one commit (a push, Classroom's repository_dispatch, a re-run) draws
// the same inputs and gives one verdict. Run through main, the CLI's own entry, on the textbook pair

const REPOSITORY = 'cs101-classroom/hw1-alice'
const SHA = '4f0c2b8e9d1a7c3b5e6f8a9b0c1d2e3f4a5b6c7d'
const OTHER_SHA = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d'

interface Checked {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  /** The seed the stderr line names ("Checking . as uppercase-udp (...; seed N)") */
  readonly seed: number
  /** The seed the report's own header names */
  readonly reportSeed: number
}

let repo: string
beforeAll(() => {
  repo = join(mkdtempSync(join(tmpdir(), 'sockgrade-commit-seed-')), 'repo')
  mkdirSync(repo)
  for (const file of ['UDPServer.py', 'UDPClient.py']) copyFileSync(join(referenceDir, 'uppercase-udp', file), join(repo, file))
})
afterAll(() => rmSync(join(repo, '..'), { recursive: true, force: true }))

// The runner's environment: this machine's, with GitHub's variables for one repository and commit (or none)
function runnerEnv(github: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of Object.keys(env)) if (name.startsWith('GITHUB_')) delete env[name]
  return { ...env, ...github }
}

async function check(github: Record<string, string>, extra: readonly string[] = []): Promise<Checked> {
  let stdout = ''
  let stderr = ''
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: runnerEnv(github), cwd: repo }
  const code = await main(['check', '.', '--assignment', 'uppercase-udp', '--reporter', 'terminal', ...extra], io)
  const seed = Number(/; seed (\d+)/.exec(stderr)?.[1] ?? Number.NaN)
  const reportSeed = Number(/\bseed (\d+)\)/.exec(stdout)?.[1] ?? Number.NaN)
  return { code, stdout, stderr, seed, reportSeed }
}

const commit = (sha: string) => ({ GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: REPOSITORY, GITHUB_SHA: sha })

describe('sockgrade check under GitHub Actions, with no --seed', () => {
  test('two runs of one commit draw the same seed, name it in the report, and give one verdict', async () => {
    const first = await check(commit(SHA))
    const second = await check(commit(SHA))
    expect(first.code, first.stderr).toBe(0)
    expect(Number.isInteger(first.seed)).toBe(true)
    expect(second.seed).toBe(first.seed)
    expect(first.reportSeed).toBe(first.seed)
    expect(second.reportSeed).toBe(first.seed)
    expect(second.code).toBe(first.code)
    // The log says where the seed came from and how to draw the same inputs on the student's own machine
    expect(first.stderr).toContain(`${REPOSITORY}@${SHA.slice(0, 7)}`)
    expect(first.stderr).toContain(`sockgrade check --seed ${first.seed}`)
  })

  test('another commit of the repository draws another seed, as stable as the first', async () => {
    const one = await check(commit(SHA))
    const [other, again] = [await check(commit(OTHER_SHA)), await check(commit(OTHER_SHA))]
    expect(Number.isInteger(other.seed)).toBe(true)
    expect(again.seed).toBe(other.seed)
    expect(other.seed).not.toBe(one.seed)
  })

  test('--seed wins over the commit: the seed given is the one used', async () => {
    const given = await check(commit(SHA), ['--seed', '2026'])
    expect(given.seed).toBe(2026)
    expect(given.reportSeed).toBe(2026)
    expect(given.stderr).not.toContain(REPOSITORY)
  })
})

describe('commitSeed', () => {
  test('is SHA-256 of "<repository>@<sha>", its first 4 bytes below 1,000,000, and names the commit short', () => {
    // sha256("cs101-classroom/hw1-alice@4f0c2b8e9d1a7c3b5e6f8a9b0c1d2e3f4a5b6c7d") starts f2075654: 4060567124
    expect(commitSeed({ GITHUB_REPOSITORY: REPOSITORY, GITHUB_SHA: SHA })).toEqual({ seed: 567_124, commit: `${REPOSITORY}@4f0c2b8` })
  })

  test.each([
    { name: 'outside GitHub Actions', env: {} },
    { name: 'without the commit', env: { GITHUB_REPOSITORY: REPOSITORY } },
    { name: 'without the repository', env: { GITHUB_SHA: SHA } },
    { name: 'with either empty', env: { GITHUB_REPOSITORY: '', GITHUB_SHA: SHA } },
  ])('draws nothing $name', ({ env }) => {
    expect(commitSeed(env)).toBeUndefined()
  })
})
