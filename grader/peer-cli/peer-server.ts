import { framingOf } from '../assignments/framing.js'
import type { Assignment } from '../assignments/assignment.js'
import { startPeer } from '../net/peer.js'
import { answersFor } from '../answers/answers.js'
import { noAnswer } from '../answers/oracle.js'
import { exchangeLine } from './exchange-line.js'
import { runPeerDialogueServer } from './peer-dialogue-server.js'

// A TCP message without a newline is taken as whole after this pause (a textbook client sends one and waits)
const PEER_IDLE_MS = 200

export interface PeerServerOptions {
  readonly assignment: Assignment
  /** With a client dialogue: a name of client-dialogues: to play instead of client-dialogue: */
  readonly dialogue?: string
  readonly port: number
  readonly write: (line: string) => void
  /** Stops the server; the command itself runs until Ctrl-C */
  readonly signal?: AbortSignal
}

// The grader's own server, answering with the plain correct answer and printing every exchange as it happens
// (an assignment whose client talks a protocol the grader plays, client-dialogue:, gets that dialogue played instead)
export async function runPeerServer(options: PeerServerOptions): Promise<void> {
  const { assignment, write } = options
  if (assignment['client-dialogue']) return runPeerDialogueServer(options)
  const answers = answersFor(assignment)
  const peer = await startPeer({
    port: options.port,
    framing: framingOf(assignment),
    idleMs: PEER_IDLE_MS,
    replyFor: async (_index, text) => {
      write(exchangeLine(new Date(), 'received', text))
      const input = text.replace(/\r?\n$/, '')
      const [reply = `(no answer: ${JSON.stringify(input)} is not an input this assignment answers)`] = (await answers.expected([input]).catch(noAnswer)) ?? []
      write(exchangeLine(new Date(), 'sent', reply))
      return reply
    },
    // Nothing is kept: the log is printed as it happens, and a server that runs for hours must not grow
    maxMessages: 0,
  })
  write(`Serving ${assignment.id} on ${assignment.transport} port ${options.port} of 127.0.0.1 (it answers on udp and tcp, so a client on the wrong transport is seen too); press Ctrl-C to stop`)
  write(`Start your client: python3 ${assignment.client?.file ?? '<your client>'} 127.0.0.1 ${options.port}`)
  await new Promise<void>((resolve) => {
    if (options.signal?.aborted) return resolve()
    options.signal?.addEventListener('abort', () => resolve(), { once: true })
  })
  await peer.close()
}
