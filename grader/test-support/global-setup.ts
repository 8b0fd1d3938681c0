import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

// Tests that run the real binary or the worker process need dist/ built from the current sources
export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })
}
