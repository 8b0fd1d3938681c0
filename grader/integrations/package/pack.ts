import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { InternalError, UsageError } from '../../errors.js'
import { packageRoot } from '../../paths.js'

/** What `npm pack --json` says of one package */
export interface PackResult {
  /** The tarball's path */
  readonly path: string
  readonly filename: string
  /** Bytes of the tarball */
  readonly size: number
  readonly files: readonly string[]
}

// npm pack reads the package's files and bundled dependencies: a few seconds, 60 s on a loaded machine
const PACK_TIMEOUT_MS = 60_000

// npm's own settings from the environment (npm_config_*, set when this runs under `npm run` or npx) would reach
// the nested npm: leave them out, so the pack is the same however sockgrade was started
export function npmEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name)))
}

// `npm pack` of this package into `destination` (or only its file list with dryRun). --ignore-scripts: the
// prepare script is the TypeScript build, which an installed package cannot run and a clone has already run
export async function packSockgrade(destination: string, options: { dryRun?: boolean; root?: string } = {}): Promise<PackResult> {
  const root = options.root ?? packageRoot
  if (!existsSync(join(root, 'dist', 'grader', 'bin.js'))) throw new UsageError(`Cannot pack sockgrade: ${join(root, 'dist')} is not built (run "npm run build" in ${root})`)
  const args = ['pack', '--json', '--ignore-scripts', '--pack-destination', destination, ...(options.dryRun ? ['--dry-run'] : [])]
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('npm', args, { cwd: root, env: npmEnvironment(), timeout: PACK_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
      if (error) reject(new InternalError(`Cannot pack sockgrade with "npm ${args.join(' ')}" in ${root}: ${String(err).trim().split('\n').slice(-3).join(' ') || error.message}`, { cause: error }))
      else resolve(out)
    })
  })
  const [result] = JSON.parse(stdout) as { filename: string; size: number; files: { path: string }[] }[]
  if (!result) throw new InternalError(`npm pack printed no package: ${stdout.slice(0, 200)}`)
  return { path: join(destination, result.filename), filename: result.filename, size: result.size, files: result.files.map((f) => f.path) }
}
