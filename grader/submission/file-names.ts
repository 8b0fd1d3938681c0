import type { Side, Transport } from './python-content.js'

// The side a file's name says it plays: "server"/"servidor"/"serv…" or "client"/"cliente"/"cli…" (a word
// start for the short forms, so "preserve.py" and "decline.py" say nothing); "both" for client_server.py
export function nameSide(fileName: string): Side | 'both' | undefined {
  const stem = fileName.replace(/\.[^.]*$/, '')
  const lower = stem.toLowerCase()
  const words = stem.split(/[^\p{L}\p{N}]+|(?<=\p{Ll})(?=\p{Lu})/u).map((w) => w.toLowerCase().replace(/^(?:udp|tcp|upd)/, ''))
  const server = lower.includes('server') || words.some((w) => w.startsWith('serv'))
  const client = lower.includes('client') || words.some((w) => w.startsWith('cli'))
  return server && client ? 'both' : server ? 'server' : client ? 'client' : undefined
}

// The transport a path names, from the file name up through its folders ("UDP/server.py", "tcpServer.py";
// "UPD" is a common typo of UDP, "update" is not); undefined when none, or one part names both
export function pathTransport(path: string): Transport | undefined {
  for (const part of path.toLowerCase().split('/').reverse()) {
    const udp = /udp|upd(?!at)/.test(part)
    const tcp = part.includes('tcp')
    if (udp !== tcp) return udp ? 'udp' : 'tcp'
    if (udp) return undefined
  }
  return undefined
}
