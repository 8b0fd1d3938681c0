import { execFileSync } from 'node:child_process'
import { appendFileSync, chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Where the canaries are planted: each says where it was read from ("env" is the grader's environment) */
export type CanaryPlace = 'env' | 'rubric' | 'precompiled' | 'reference' | 'grader' | 'source' | 'otherstudent'

// "sockgrade-canary-<uuid>-<place>": what the hostile reader (sandbox/attacks/reader/scan.py) looks for
export function canaryText(uuid: string, place: CanaryPlace): string {
  return `sockgrade-canary-${uuid}-${place}`
}

/** The environment variable of the grader that holds the "env" canary */
export const CANARY_VARIABLE = 'SOCKGRADE_ATTACK_CANARY'

// Build a copy of the package at `source` in `into` that any user can read and run (CI clones sit in 0700 folders),
// holding what the CLI needs (dist, package.json, the assignments and rubric, grader/ whole as in a clone, the
// references, the runtime dependencies), with a canary in the rubric (so in dist/precompiled.json too, which is
// rebuilt from it), in the precompiled rubric itself, in a reference solution, in the grader's compiled code and in
// its sources. Returns the copy's root
export function canaryPackage(source: string, into: string, uuid: string): string {
  const root = join(into, 'sockgrade')
  mkdirSync(root, { recursive: true })
  const noCache = (path: string) => !path.includes('__pycache__')
  for (const part of ['package.json', 'rubric.yaml', 'assignments', 'dist', 'grader', 'reference']) {
    cpSync(join(source, part), join(root, part), { recursive: true, filter: noCache })
  }
  for (const dependency of runtimeDependencies(source)) cpSync(join(source, dependency), join(root, dependency), { recursive: true })
  writeFileSync(join(root, 'rubric.yaml'), `# ${canaryText(uuid, 'rubric')}\n${readFileSync(join(root, 'rubric.yaml'), 'utf8')}`)
  appendFileSync(join(root, 'reference', 'uppercase-udp', 'UDPServer.py'), `# ${canaryText(uuid, 'reference')}\n`)
  for (const file of ['bin.js', 'worker/worker-main.js', 'worker/worker-loop.js']) appendFileSync(join(root, 'dist', 'grader', file), `// ${canaryText(uuid, 'grader')}\n`)
  for (const file of ['grade.ts', 'worker/worker-loop.ts']) appendFileSync(join(root, 'grader', file), `// ${canaryText(uuid, 'source')}\n`)
  // The precompiled rubric is only used when it was made from these very sources: rebuild it, then add its own canary
  execFileSync(process.execPath, [join(root, 'dist', 'grader', 'precompiled', 'write-precompiled.js')], { cwd: root, stdio: 'pipe' })
  const precompiled = join(root, 'dist', 'precompiled.json')
  writeFileSync(precompiled, `${JSON.stringify({ canary: canaryText(uuid, 'precompiled'), ...JSON.parse(readFileSync(precompiled, 'utf8')) })}\n`)
  openToAll(into)
  return root
}

// The packages package-lock.json installs for production (not dev-only), as node_modules/... paths
function runtimeDependencies(source: string): string[] {
  const lock = JSON.parse(readFileSync(join(source, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> }
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && existsSync(join(source, path)))
    .map(([path]) => path)
}

// Folders 0755 and files readable by all, whatever the umask and the modes they were copied with
function openToAll(path: string): void {
  const info = lstatSync(path)
  if (info.isSymbolicLink()) return
  if (!info.isDirectory()) return chmodSync(path, info.mode | 0o444)
  chmodSync(path, 0o755)
  for (const name of readdirSync(path)) openToAll(join(path, name))
}
