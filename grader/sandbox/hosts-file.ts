import { lstatSync, realpathSync, statSync } from 'node:fs'
import { hostname } from 'node:os'

/** The host name the sandbox gives itself */
export const SANDBOX_HOSTNAME = 'sockgrade-sandbox'

// A private /etc/hosts: the names textbook clients use (the book's placeholders, the machine's own name)
// all mean this sandbox's loopback
export function sandboxHostsFile(extraNames: readonly string[] = []): string {
  const names = ['localhost', 'hostname', 'servername', SANDBOX_HOSTNAME, hostname(), ...extraNames]
  return `127.0.0.1\t${[...new Set(names)].join(' ')}\n::1\tlocalhost ip6-localhost ip6-loopback\n`
}

// A private /etc/resolv.conf: names go to the sandbox's own loopback, where a wildcard DNS answers when the assignment
// asks for one (any-host: dns/wildcard-dns.ts); without it a lookup fails at once, as it did with no network
export function sandboxResolvConf(): string {
  return 'nameserver 127.0.0.1\noptions timeout:2 attempts:1\n'
}

/** Where the sandbox shows its resolv.conf, and whether the sandbox must make that place (outside its system folders) */
export interface ResolvConfTarget {
  readonly path: string
  readonly outsideSystem: boolean
}

// Where the sandbox can show its resolv.conf: /etc/resolv.conf when that is a plain file; where a link leads when it is
// one, as systemd-resolved's is (../run/systemd/resolve/stub-resolv.conf), so that the link inside the sandbox leads to
// the grader's file. No file there: not shown, and names outside the hosts file do not resolve in the sandbox
export function resolvConfTarget(file = '/etc/resolv.conf'): ResolvConfTarget | undefined {
  try {
    if (lstatSync(file).isFile()) return { path: file, outsideSystem: false }
    const real = realpathSync(file)
    if (!statSync(real).isFile()) return undefined
    return { path: real, outsideSystem: !SYSTEM_FOLDERS.some((folder) => real.startsWith(`${folder}/`)) }
  } catch {
    return undefined
  }
}

/** The system folders every sandbox shows read-only, whole */
export const SYSTEM_FOLDERS = ['/usr', '/etc', '/opt']
