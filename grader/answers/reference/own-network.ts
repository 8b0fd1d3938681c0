import { execFileSync } from 'node:child_process'
import { which } from '../../sandbox/unshare-argv.js'

let probed: readonly string[] | undefined

// The argv prefix that runs a command in a network namespace of its own (util-linux unshare; as an ordinary user
// inside a user namespace too), or [] where none can be had (no unshare, user namespaces refused, not Linux). Tried
// once per process. The relay brings that namespace's loopback up itself
export function ownNetworkArgv(): readonly string[] {
  if (probed) return probed
  probed = []
  if (process.platform !== 'linux') return probed
  const asRoot = process.getuid?.() === 0
  try {
    const argv = [which('unshare'), ...(asRoot ? [] : ['--user', '--map-root-user']), '--net', '--']
    execFileSync(argv[0] as string, [...argv.slice(1), 'true'], { stdio: 'ignore', timeout: 5000 })
    probed = argv
  } catch {
    // No unshare, or namespaces refused: the reference shares the host's network, as a student server does
  }
  return probed
}
