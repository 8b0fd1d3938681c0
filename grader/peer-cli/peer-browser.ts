import type { Assignment } from '../assignments/assignment.js'
import { headerFormProblem, statusProblem } from '../http/status-line.js'
import { parseResponse } from '../http/response.js'
import { openTcpConnection } from '../net/tcp.js'
import { exchangeLine } from './exchange-line.js'

export interface PeerBrowserOptions {
  readonly assignment: Assignment
  readonly host: string
  readonly port: number
  /** Paths to ask for (`HelloWorld.html` or `/HelloWorld.html`), one request and connection each */
  readonly paths: AsyncIterable<string> | Iterable<string>
  readonly write: (line: string) => void
}

// How long one response may take, and the pause after which a response the server leaves open counts as whole
const RESPONSE_MS = 5000
const OPEN_PAUSE_MS = 1000

// Play the browser for a student's web server: ask for each path, show the response line by line (CR and LF made
// visible), and say whether its form is right; returns how many responses were well formed, of how many asked
export async function runPeerBrowser(options: PeerBrowserOptions): Promise<{ sent: number; right: number }> {
  const { write } = options
  let sent = 0
  let right = 0
  for await (const typed of options.paths) {
    const path = `/${typed.trim().replace(/^\/+/, '')}`
    sent++
    const request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${options.host}:${options.port}\r\nConnection: close\r\n\r\n`)
    const connection = await openTcpConnection({ host: options.host, port: options.port, transport: 'tcp' }, { timeoutMs: RESPONSE_MS, signal: AbortSignal.timeout(RESPONSE_MS) })
    if ('error' in connection) {
      write(`  ✗ could not connect to ${options.host}:${options.port}: ${connection.error} (is your server running?)`)
      continue
    }
    write(exchangeLine(new Date(), 'sent', request))
    await connection.send(request)
    const read = await connection.read({ timeoutMs: RESPONSE_MS, idleMs: OPEN_PAUSE_MS, signal: AbortSignal.timeout(RESPONSE_MS * 2) })
    connection.end()
    if (read.data.length === 0) {
      write(`  ✗ no response (${read.end === 'closed' ? 'the server closed the connection' : 'nothing within 5 s'})`)
      continue
    }
    const response = parseResponse(read.data)
    write(exchangeLine(new Date(), 'received', read.data.subarray(0, read.data.length - response.body.length), `(header, ${response.headers.length} line${response.headers.length === 1 ? '' : 's'})`))
    write(exchangeLine(new Date(), 'received', response.body, `(body, ${response.body.length} bytes)`))
    const wrong = statusProblem(response, response.status === 404 ? 404 : 200, response.status === 404 ? 'Not Found' : 'OK') ?? headerFormProblem(response)
    const written = options.assignment.files?.some((f) => `/${f.name}` === path)
    if (wrong) write(`  ✗ ${wrong.problem}: ${wrong.hint}`)
    else {
      right++
      write(`  ✓ a well-formed ${response.status} response${response.status === 404 && written ? ` (the grader writes ${path.slice(1)} beside your server and wants it with 200: put a file of that name there to try it)` : ''}`)
    }
  }
  write(sent === 0 ? 'No paths to ask for' : `${right} of ${sent} responses well formed`)
  return { sent, right }
}
