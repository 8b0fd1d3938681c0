/** A program's side, as the assignment names them */
export type Side = 'server' | 'client'
export type Transport = 'udp' | 'tcp'

/** What a Python file's source says it is */
export interface ContentRole {
  readonly side?: Side
  readonly transport?: Transport
  /** Why, in words for the report: "binds a UDP socket and receives first" */
  readonly reason: string
}

const first = (code: string, pattern: RegExp): number => pattern.exec(code)?.index ?? Infinity

// Guess from the socket calls whether a Python file is a server or a client, and over which transport.
// A server waits first (listen/accept, or recvfrom before any sendto); a client acts first (connect, or
// sendto before any recvfrom). bind() alone decides nothing: UDP clients sometimes bind a local port too
export function classifyPython(source: string): ContentRole {
  const code = stripCommentsAndStrings(source)
  const transport = transportOf(code)
  const name = transport?.toUpperCase() ?? ''
  const socket = name ? `a ${name} socket` : 'a socket'
  const listen = first(code, /\.(?:listen|accept)\s*\(|\bserve_forever\s*\(|\bcreate_server\s*\(/)
  const connect = first(code, /\.connect(?:_ex)?\s*\(|\bcreate_connection\s*\(/)
  const receive = first(code, /\.recvfrom(?:_into)?\s*\(/)
  const send = first(code, /\.sendto\s*\(/)
  const binds = first(code, /\.bind\s*\(/) < Infinity
  if (listen < Infinity && listen < connect) return { side: 'server', transport: transport ?? 'tcp', reason: transport === 'udp' ? `serves on ${socket}` : 'listens on a TCP socket' }
  if (connect < Infinity && connect < listen) return { side: 'client', transport, reason: `connects ${socket}` }
  if (receive < send) return { side: 'server', transport, reason: binds ? `binds ${socket} and receives first` : `receives on ${socket} before sending` }
  if (send < receive) return { side: 'client', transport, reason: `sends on ${socket} before receiving` }
  if (binds) return { side: 'server', transport, reason: `binds ${socket}` }
  return { transport, reason: transport ? `creates ${socket} but neither waits nor connects` : 'opens no socket' }
}

// SOCK_DGRAM or SOCK_STREAM (or socketserver's UDPServer/TCPServer); socket() without a type is a stream socket
function transportOf(code: string): Transport | undefined {
  const udp = /\bSOCK_DGRAM\b|\b(?:Threading|Forking)?UDPServer\s*\(/.test(code)
  const tcp = /\bSOCK_STREAM\b|\b(?:Threading|Forking)?TCPServer\s*\(|\bcreate_connection\s*\(|\bcreate_server\s*\(/.test(code)
  if (udp !== tcp) return udp ? 'udp' : 'tcp'
  if (udp) return undefined
  return /\bsocket\s*\(\s*(?:[\w.]+\s*)?\)/.test(code) ? 'tcp' : undefined
}

// Python source with comments removed and every string literal emptied, so that a docstring or a
// print('call bind() first') cannot look like a socket call; good enough for regexes, not a parser
export function stripCommentsAndStrings(source: string): string {
  const kept: string[] = []
  let from = 0
  let i = 0
  while (i < source.length) {
    const c = source[i]
    if (c === '#') {
      kept.push(source.slice(from, i))
      const end = source.indexOf('\n', i)
      i = from = end < 0 ? source.length : end
    } else if (c === '"' || c === "'") {
      const quote = source.startsWith(c.repeat(3), i) ? c.repeat(3) : c
      kept.push(source.slice(from, i), quote + quote)
      let j = i + quote.length
      while (j < source.length && !source.startsWith(quote, j) && (quote.length === 3 || source[j] !== '\n')) j += source[j] === '\\' ? 2 : 1
      i = from = Math.min(source.length, j + (source.startsWith(quote, j) ? quote.length : 0))
    } else {
      i++
    }
  }
  kept.push(source.slice(from))
  return kept.join('')
}
