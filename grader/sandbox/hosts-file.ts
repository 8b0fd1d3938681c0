import { hostname } from 'node:os'

/** The host name the sandbox gives itself */
export const SANDBOX_HOSTNAME = 'sockgrade-sandbox'

// A private /etc/hosts: the names textbook clients use (the book's placeholders, the machine's own name)
// all mean this sandbox's loopback
export function sandboxHostsFile(extraNames: readonly string[] = []): string {
  const names = ['localhost', 'hostname', 'servername', SANDBOX_HOSTNAME, hostname(), ...extraNames]
  return `127.0.0.1\t${[...new Set(names)].join(' ')}\n::1\tlocalhost ip6-localhost ip6-loopback\n`
}
