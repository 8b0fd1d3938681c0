import { createHash } from 'node:crypto'

/** A seed drawn from the repository and commit a GitHub Actions run grades */
export interface CommitSeed {
  readonly seed: number
  /** The commit, as the log names it: owner/name@ and the SHA's first 7 characters */
  readonly commit: string
}

// Under GitHub Actions (GITHUB_REPOSITORY and GITHUB_SHA set), the seed of "<owner/name>@<sha>": every run of one
// commit (its push, Classroom's repository_dispatch, a re-run) then draws the same inputs and gives one verdict, in
// any workflow that runs sockgrade check with no --seed. SHA-256's first 4 bytes, below 1,000,000 as a random seed is
export function commitSeed(env: NodeJS.ProcessEnv): CommitSeed | undefined {
  const { GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env
  if (!repository || !sha) return undefined
  const digest = createHash('sha256').update(`${repository}@${sha}`).digest()
  return { seed: digest.readUInt32BE(0) % 1_000_000, commit: `${repository}@${sha.slice(0, 7)}` }
}
