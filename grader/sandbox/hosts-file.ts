import { lstatSync } from 'node:fs'
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

// Where the sandbox can show its resolv.conf: /etc/resolv.conf when that is a plain file (a link, as systemd-resolved
// makes, or no file: not shown, and names outside the hosts file do not resolve in the sandbox)
export function resolvConfTarget(): string | undefined {
  try {
    return lstatSync('/etc/resolv.conf').isFile() ? '/etc/resolv.conf' : undefined
  } catch {
    return undefined
  }
}
