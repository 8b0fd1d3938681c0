import { createSocket, type Socket } from 'node:dgram'

/** A DNS server that says every name is this machine */
export interface WildcardDns {
  readonly port: number
  close(): Promise<void>
}

const TYPE_A = 1
const TYPE_ANY = 255
const CLASS_IN = 1
const HEADER_BYTES = 12
// The answer's owner name: a pointer to the question's name, which starts right after the header
const NAME_POINTER = 0xc000 | HEADER_BYTES
const TTL_SECONDS = 60

// Answer DNS queries over UDP on host:port: every A (or ANY) question gets `address`, every other type an empty answer
// (so AAAA gives nothing, and an IPv6-first client still lands on the IPv4 loopback the grader listens on). Inside the
// sandbox it serves 127.0.0.1:53, where the sandbox's resolv.conf points: a client that hard-codes a real server
// (smtp.gmail.com, a university relay) reaches the grader instead, and nothing it looks up leaves the machine
export async function startWildcardDns(options: { host: string; port: number; address?: string }): Promise<WildcardDns> {
  const address = (options.address ?? '127.0.0.1').split('.').map(Number)
  const socket = createSocket('udp4')
  socket.on('message', (query, from) => {
    const answer = answerTo(query, address)
    if (answer) socket.send(answer, from.port, from.address)
  })
  // A reply to a resolver that has gone (ICMP unreachable) must not end the grader
  socket.on('error', () => undefined)
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.bind(options.port, options.host, () => {
      socket.off('error', reject)
      resolve()
    })
  })
  return { port: socket.address().port, close: () => closeSocket(socket) }
}

// The reply to one query, or undefined for what is not a standard query with one question (dropped, as a real
// server drops garbage): the header and question echoed, an answer record for A and ANY
export function answerTo(query: Buffer, address: readonly number[]): Buffer | undefined {
  if (query.length < HEADER_BYTES || query.readUInt16BE(4) !== 1) return undefined
  const flags = query.readUInt16BE(2)
  // A response (QR set) is never answered: two such servers would answer each other for ever
  if (flags & 0x8000) return undefined
  const questionEnd = endOfName(query, HEADER_BYTES)
  if (questionEnd === undefined || questionEnd + 4 > query.length) return undefined
  const type = query.readUInt16BE(questionEnd)
  const klass = query.readUInt16BE(questionEnd + 2)
  const opcode = (flags >> 11) & 0xf
  const header = Buffer.alloc(HEADER_BYTES)
  header.writeUInt16BE(query.readUInt16BE(0), 0)
  // QR, the query's opcode and RD, AA and RA; rcode 4 (not implemented) for anything but a standard query
  header.writeUInt16BE(0x8000 | (opcode << 11) | 0x0400 | (flags & 0x0100) | 0x0080 | (opcode === 0 ? 0 : 4), 2)
  header.writeUInt16BE(1, 4)
  const answers = opcode === 0 && klass === CLASS_IN && (type === TYPE_A || type === TYPE_ANY)
  header.writeUInt16BE(answers ? 1 : 0, 6)
  const question = query.subarray(HEADER_BYTES, questionEnd + 4)
  if (!answers) return Buffer.concat([header, question])
  const record = Buffer.alloc(16)
  record.writeUInt16BE(NAME_POINTER, 0)
  record.writeUInt16BE(TYPE_A, 2)
  record.writeUInt16BE(CLASS_IN, 4)
  record.writeUInt32BE(TTL_SECONDS, 6)
  record.writeUInt16BE(4, 10)
  for (const [i, byte] of address.entries()) record.writeUInt8(byte, 12 + i)
  return Buffer.concat([header, question, record])
}

// Where a name's labels end (after its zero byte), or undefined when it runs past the packet or is compressed
// (a question's name never is)
function endOfName(packet: Buffer, start: number): number | undefined {
  let at = start
  for (let labels = 0; at < packet.length && labels < 128; labels++) {
    const length = packet.readUInt8(at)
    if (length === 0) return at + 1
    if (length & 0xc0) return undefined
    at += 1 + length
  }
  return undefined
}

function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve())
    } catch {
      resolve()
    }
  })
}
