import { createServer, type Server, type Socket } from 'node:net'
import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { framingOf, type Framing } from '../assignments/framing.js'

/** One message the grader's server received from a student client */
export interface PeerMessage {
  readonly transport: 'udp' | 'tcp'
  /** 1-based TCP connection number; 0 for UDP */
  readonly connection: number
  readonly text: string
  /** For TCP: the message ended with the framing's terminator (rather than a pause or the end of the connection) */
  readonly terminated: boolean
  /** What the grader answered */
  readonly reply: string
}

export interface PeerOptions {
  readonly port: number
  /**
   * The assignment's framing (framing.ts): a TCP message ends at its terminator (or, without one, at the end of the
   * client's sending side) or after a pause; a reply gets the terminator, or closes the connection when the framing
   * has one message per connection. A UDP assignment's client that connects over TCP is served one per connection
   */
  readonly framing: Framing
  /** Pause after which unterminated TCP bytes count as a whole message */
  readonly idleMs: number
  // The reply to the n-th message (0-based); replies go out in the order the messages came, each once it is known
  readonly replyFor: (index: number, text: string) => string | Promise<string>
  /** Messages kept for judging; beyond this a runaway client's messages are only counted */
  readonly maxMessages: number
}

/** The grader's own server, listening on UDP and TCP at once so a client on the wrong transport is seen */
export interface Peer {
  readonly messages: readonly PeerMessage[]
  /** Messages received beyond `maxMessages`, counted but not kept */
  readonly droppedMessages: number
  readonly tcpConnections: number
  // After the client exited: wait (at most `timeoutMs`) until every connection has closed and every datagram
  // already queued has been read, so what the client sent just before exiting is not missed
  settle(timeoutMs: number): Promise<void>
  close(): Promise<void>
}

// Listen on 127.0.0.1 with both transports on the same port
export async function startPeer(options: PeerOptions): Promise<Peer> {
  const messages: PeerMessage[] = []
  let droppedMessages = 0
  let tcpConnections = 0
  const sockets = new Set<Socket>()
  let unanswered = 0
  // Kept in the order the messages came, the reply filled in once known
  const answer = async (transport: 'udp' | 'tcp', connection: number, text: string, terminated: boolean): Promise<string> => {
    const index = messages.length + droppedMessages
    const message = { transport, connection, text, terminated, reply: '' }
    if (messages.length < options.maxMessages) messages.push(message)
    else droppedMessages++
    unanswered++
    try {
      message.reply = await options.replyFor(index, text)
      return message.reply
    } finally {
      unanswered--
    }
  }
  const udp: UdpSocket = createSocket('udp4')
  let udpReplies = Promise.resolve()
  udp.on('message', (data, from) => {
    const reply = answer('udp', 0, data.toString('utf8'), false)
    // Handled now, awaited in turn: a reply that fails while an earlier one is pending is no unhandled rejection
    reply.catch(() => undefined)
    udpReplies = udpReplies.then(async () => udp.send(Buffer.from(await reply), from.port, from.address)).catch(() => undefined)
  })
  udp.on('error', () => undefined)
  // Half-open: a client that shuts down its sending side still gets its reply (Node would otherwise end the socket
  // on the client's FIN, before a reply worked out asynchronously is written)
  const tcp: Server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    serveConnection(socket, ++tcpConnections, options, answer)
  })
  const closeAll = async () => {
    for (const socket of sockets) socket.destroy()
    await Promise.all([new Promise<void>((r) => tcp.close(() => r())), closeUdp(udp)])
  }
  try {
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject)
      tcp.listen(options.port, '127.0.0.1', () => resolve())
    })
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject)
      udp.bind(options.port, '127.0.0.1', () => resolve())
    })
  } catch (error) {
    // Half a peer must not outlive its failed start: an open listener keeps the worker's event loop alive
    await closeAll()
    throw error
  }
  return {
    messages,
    get tcpConnections() {
      return tcpConnections
    },
    get droppedMessages() {
      return droppedMessages
    },
    settle: async (timeoutMs) => {
      const deadline = Date.now() + timeoutMs
      while ((sockets.size > 0 || unanswered > 0) && Date.now() < deadline) await nextTurn()
      // Datagrams sent before the exit are already in the socket buffer: one more poll phase reads them
      await nextTurn()
      await nextTurn()
    },
    close: closeAll,
  }
}

// Close a UDP socket whether or not it was ever bound
function closeUdp(socket: UdpSocket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve())
    } catch {
      resolve()
    }
  })
}

const MAX_PENDING_BYTES = 64 * 1024

// Let the event loop run one poll phase (I/O callbacks), without a fixed sleep
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1))
}

function serveConnection(
  socket: Socket,
  connection: number,
  options: PeerOptions,
  answer: (transport: 'tcp', connection: number, text: string, terminated: boolean) => Promise<string>,
): void {
  const framing = options.framing.name === 'datagram' ? framingOf({ transport: 'tcp', session: 'single' }) : options.framing
  // until-close: the message is everything up to the client's end of sending, lines and all
  const terminator = framing.halfClose ? undefined : framing.terminator
  let pending = Buffer.alloc(0)
  let idleTimer: NodeJS.Timeout | undefined
  let replies = Promise.resolve()
  const reply = (text: string, terminated: boolean) => {
    const out = answer('tcp', connection, text, terminated)
    out.catch(() => undefined)
    replies = replies
      .then(async () => {
        const answered = await out
        if (socket.destroyed) return
        // One message per connection: reply and close, as the assignment's server does (clients may read until close)
        if (framing.perConnection) socket.end(answered)
        else socket.write(framing.terminator ? Buffer.concat([Buffer.from(answered), framing.terminator]) : answered)
      })
      // No answer (the oracle failed): the connection ends without one
      .catch(() => void socket.destroy())
  }
  const flushAll = () => {
    if (pending.length === 0) return
    const text = pending.toString('utf8')
    pending = Buffer.alloc(0)
    reply(text, false)
  }
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk])
    clearTimeout(idleTimer)
    for (let end = terminator ? pending.indexOf(terminator) : -1; terminator && end >= 0; end = pending.indexOf(terminator)) {
      const message = pending.subarray(0, end).toString('utf8')
      pending = pending.subarray(end + terminator.length)
      reply(message, true)
    }
    // A client streaming without newlines or pauses: take what came as one message rather than hold it all
    if (pending.length > MAX_PENDING_BYTES) flushAll()
    // until-close: sendall() and shutdown() are two calls a loaded machine may hold apart; the pause that stands for
    // the end of the message is longer there (the check's budget allows ten)
    if (pending.length > 0) idleTimer = setTimeout(flushAll, framing.halfClose ? options.idleMs * 10 : options.idleMs)
  })
  socket.on('end', () => {
    clearTimeout(idleTimer)
    // until-close: the end of the client's sending side is the message's terminator
    if (framing.halfClose && pending.length > 0) {
      const text = pending.toString('utf8')
      pending = Buffer.alloc(0)
      reply(text, true)
    }
    flushAll()
    void replies.then(() => socket.end())
  })
}
