import { writeFileSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Assignment } from '../assignments/assignment.js'
import { framingOf } from '../assignments/framing.js'
import { tcpChannel } from '../dialogue/channel.js'
import { clientDialogueSteps, unrolledSteps } from '../dialogue/dialogue.js'
import { playDialogue, type HeardStep } from '../dialogue/play.js'
import { tcpConnectionOver } from '../net/tcp.js'
import { makeScratch, removeScratch } from '../process/scratch.js'
import { seededRandom } from '../random.js'
import { shownExchangeLine } from './exchange-line.js'
import { startYourClient } from './start-your-client.js'
import { startsTls } from '../tls/client-trust.js'
import { throwawayCa, type ThrowawayCa } from '../tls/throwaway-ca.js'

export interface PeerDialogueOptions {
  readonly assignment: Assignment
  /** A name of client-dialogues:, or client-dialogue: when absent */
  readonly dialogue?: string
  readonly port: number
  readonly write: (line: string) => void
  readonly signal?: AbortSignal
}

// The grader's server side of a client dialogue (an SMTP server, say), for a student building the client: every
// connection, one after another, gets the dialogue as the grader plays it, each message printed as it goes, with
// what the grader would note (a message sent before the reply it should wait for, a form looser than the protocol's).
// Messages are shown escaped, so a bare "\n" where the protocol writes "\r\n" can be seen
export async function runPeerDialogueServer(options: PeerDialogueOptions): Promise<void> {
  const { assignment, write } = options
  const framing = framingOf(assignment)
  const steps = unrolledSteps(clientDialogueSteps(assignment, options.dialogue))
  const sockets = new Set<Socket>()
  let connections = 0
  // One conversation at a time, in the order they came: the log reads as one dialogue after another
  let turn = Promise.resolve()
  // STARTTLS: certificates from an authority made for this run, its certificate in a file the student's client is
  // told to trust, removed at the end
  const tls = startsTls(assignment) ? peerTls() : undefined
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    const number = ++connections
    turn = turn.then(() => converse(socket, number))
  })
  async function converse(socket: Socket, number: number): Promise<void> {
    write(`Connection ${number} from port ${socket.remotePort ?? '?'}`)
    const channel = tcpChannel(tcpConnectionOver(socket), framing, 'client')
    const signal = AbortSignal.any([AbortSignal.timeout(10 * 60_000), ...(options.signal ? [options.signal] : [])])
    const played = await playDialogue(channel, steps, {
      framing,
      random: seededRandom(Date.now(), 'peer-dialogue'),
      signal,
      // A person may be typing the commands by hand (nc, telnet): a minute per message
      replyTimeoutMs: 60_000,
      scale: 1,
      sent: (shown) => write(shownExchangeLine(new Date(), 'sent', shown)),
      received: (shown) => write(shownExchangeLine(new Date(), 'received', shown)),
      note: (text) => write(`              ${text}`),
      heard: (step) => {
        const remark = remarkOn(step)
        if (remark) write(`              ${remark}`)
      },
      ...(tls ? { tls: tls.ca.serverOptions } : {}),
    }).finally(() => channel.close())
    write(played.ok ? `Connection ${number}: the dialogue went as written` : `Connection ${number}: ${played.problem}`)
  }
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port, '127.0.0.1', () => resolve())
    })
  } catch (error) {
    // The port is taken or not allowed: the authority's file goes too
    tls?.remove()
    throw error
  }
  const which = options.dialogue ? ` (dialogue "${options.dialogue}")` : ''
  write(`Playing the server of ${assignment.id}${which} on tcp port ${options.port} of 127.0.0.1, one connection at a time; press Ctrl-C to stop`)
  write(startYourClient(assignment, options.port))
  if (tls) {
    write(`For STARTTLS the certificate is signed by an authority made for this run: let your client trust it by setting SSL_CERT_FILE=${tls.file}`)
    write(`  (macOS, Linux: SSL_CERT_FILE=${tls.file} python3 ...   Windows PowerShell: $env:SSL_CERT_FILE="${tls.file}")`)
  }
  await new Promise<void>((resolve) => {
    if (options.signal?.aborted) return resolve()
    options.signal?.addEventListener('abort', () => resolve(), { once: true })
  })
  for (const socket of sockets) socket.destroy()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  tls?.remove()
}

// A throw-away authority for a peer run, its certificate in a scratch folder of its own (removed on Ctrl-C too)
function peerTls(): { ca: ThrowawayCa; file: string; remove: () => void } {
  const ca = throwawayCa()
  const folder = makeScratch(tmpdir(), 'sockgrade-peer-tls-')
  const file = join(folder, 'ca.pem')
  writeFileSync(file, ca.certPem)
  return { ca, file, remove: () => removeScratch(folder) }
}

// What the grader would say about a message that went on: sent too early, or looser than the protocol's own form
function remarkOn(step: HeardStep): string | undefined {
  const name = step.name ? ` (${step.name})` : ''
  if (step.early) return `↑ sent before the grader's message before it${name}: a client must wait for each reply`
  if (step.matched && !step.strict) return `↑ accepted, but not in the protocol's exact form${name}`
  return undefined
}
