import { execFile } from 'node:child_process'
import { connect as connectTcp, createServer, type Server, type Socket } from 'node:net'
import { connect as connectTls } from 'node:tls'
import { promisify } from 'node:util'
import { afterEach, expect, test } from 'vitest'
import { framingOf } from '../assignments/framing.js'
import { freePort } from '../net/ports.js'
import { resolvePython } from '../process/python.js'
import { tcpConnectionOver } from '../net/tcp.js'
import { seededRandom } from '../random.js'
import { throwawayCa } from '../tls/throwaway-ca.js'
import { tcpChannel } from './channel.js'
import { unrolledSteps, type DialogueStepSpec } from './dialogue.js'
import { playDialogue, type HeardStep, type Played } from './play.js'

// The grader plays an SMTP server's start: a greeting, an optional STARTTLS branch, then MAIL FROM, whichever way
// the client came
const STEPS: DialogueStepSpec[] = [
  { send: '220 ready\r' },
  { expect: 'STARTTLS', name: 'starttls', optional: true, then: [{ send: '220 go ahead\r' }, { 'start-tls': true }] },
  { expect: 'MAIL FROM:.*', name: 'mail-from' },
  { send: '250 ok\r' },
]
const framing = framingOf({ transport: 'tcp', session: 'single', framing: 'lines' })
const ca = throwawayCa()
const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

interface Played_ {
  readonly played: Played
  readonly heard: HeardStep[]
  readonly lines: string[]
}

// The grader's server plays STEPS with the one connection `client` makes to it
async function grade(client: (port: number) => Promise<void>, spec: DialogueStepSpec[] = STEPS): Promise<Played_> {
  const port = await freePort()
  const heard: HeardStep[] = []
  const lines: string[] = []
  let play: Promise<Played> | undefined
  const server = createServer((socket: Socket) => {
    socket.on('error', () => undefined)
    const channel = tcpChannel(tcpConnectionOver(socket), framing, 'client')
    play = playDialogue(channel, unrolledSteps(spec), {
      framing,
      random: seededRandom(1, 'tls'),
      signal: new AbortController().signal,
      replyTimeoutMs: 3000,
      scale: 1,
      sent: (text) => lines.push(`> ${text}`),
      received: (text) => lines.push(`< ${text}`),
      note: (text) => lines.push(`# ${text}`),
      heard: (step) => heard.push(step),
      tls: ca.serverOptions,
    }).finally(() => channel.close())
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
  await client(port)
  for (let waited = 0; !play && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10))
  return { played: await (play as Promise<Played>), heard, lines }
}

// A line from the socket (a reply of the grader's, ending in "\r\n")
function readLine(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const onData = (chunk: Buffer) => {
      text += chunk.toString()
      if (text.endsWith('\n')) {
        socket.off('data', onData)
        resolve(text.trim())
      }
    }
    socket.on('data', onData)
    socket.once('error', reject)
  })
}

function plainConnection(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1', () => resolve(socket))
  })
}

// TLS over the plain connection, trusting the grading's authority
function upgrade(socket: Socket, options: { servername?: string } = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const tls = connectTls({ socket, ...(options.servername ? { servername: options.servername } : {}), ca: ca.certPem, checkServerIdentity: () => undefined }, () => resolve(tls))
    tls.once('error', reject)
  })
}

test('a plain client skips the branch: its MAIL FROM is judged where the branch would have been, not over TLS', async () => {
  const { played, heard } = await grade(async (port) => {
    const socket = await plainConnection(port)
    await readLine(socket)
    socket.write('MAIL FROM:<a@b>\r\n')
    await readLine(socket)
    socket.end()
  })
  expect(played.ok).toBe(true)
  expect(heard.map((step) => [step.name, step.matched, step.tls])).toEqual([['mail-from', true, false]])
})

test('a client that sends STARTTLS and waits for the go-ahead talks over TLS from then on, to a certificate for its name', async () => {
  let verified: boolean | undefined
  const { played, heard, lines } = await grade(async (port) => {
    const socket = await plainConnection(port)
    await readLine(socket)
    socket.write('STARTTLS\r\n')
    expect(await readLine(socket)).toBe('220 go ahead')
    const tls = await upgrade(socket, { servername: 'mail.example.org' })
    verified = (tls as import('node:tls').TLSSocket).authorized
    tls.write('MAIL FROM:<a@b>\r\n')
    expect(await readLine(tls)).toBe('250 ok')
    tls.end()
  })
  expect(verified).toBe(true)
  expect(played.ok).toBe(true)
  expect(heard.map((step) => [step.name, step.tls])).toEqual([
    ['starttls', false],
    ['mail-from', true],
  ])
  expect(lines).toContainEqual(expect.stringMatching(/^# step 2\.2: TLS started \(TLSv1\.3, the client asked for "mail\.example\.org"\)$/))
  // Sent lines show the "\n" the lines framing adds, as received ones show theirs
  expect(lines).toContain('> "220 go ahead\\r\\n"')
})

// The grader may read past STARTTLS before it starts TLS: a client quick to send its handshake has bytes of it there
test('bytes of the handshake read before TLS starts are given to TLS first, not lost', async () => {
  const port = await freePort()
  let serverSide: Promise<unknown> | undefined
  const server = createServer((socket) => {
    const connection = tcpConnectionOver(socket)
    serverSide = (async () => {
      // The client's hello is read as plain bytes first, then TLS starts
      await new Promise((resolve) => setTimeout(resolve, 300))
      const started = await connection.startTls(ca.serverOptions, 3000, new AbortController().signal)
      if ('problem' in started) return started
      const read = await connection.read({ timeoutMs: 3000, until: Buffer.from('\n'), signal: new AbortController().signal })
      await connection.send(Buffer.from(`echo ${read.data.toString()}`))
      return started
    })()
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
  const tls = await upgrade(await plainConnection(port))
  tls.write('hello\n')
  expect(await readLine(tls)).toBe('echo hello')
  tls.end()
  expect(await serverSide).toMatchObject({ protocol: 'TLSv1.3' })
})

// Python checks the certificate inside OpenSSL and says why it hangs up (an alert): here it was not told to trust the
// grading's authority, as a client given its own CA file would not be
test('a client that does not trust the certificate fails the step, told why', async () => {
  const python = (await resolvePython()).executable
  const script = [
    'import socket, ssl, sys',
    "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))",
    's.recv(100)',
    "s.sendall(b'STARTTLS\\r\\n')",
    's.recv(100)',
    'try:',
    "    ssl.create_default_context().wrap_socket(s, server_hostname='localhost')",
    'except ssl.SSLCertVerificationError as error:',
    '    print(error.verify_message)',
  ].join('\n')
  let printed = ''
  const { played } = await grade(async (port) => {
    const { stdout } = await promisify(execFile)(python, ['-c', script, String(port)], { env: { PATH: process.env.PATH ?? '', SSL_CERT_FILE: '/nonexistent' }, timeout: 20_000 })
    printed = stdout
  })
  expect(printed.trim()).toBe('self-signed certificate in certificate chain')
  expect(played).toMatchObject({ ok: false, problem: 'step 2.2: the TLS handshake failed: the client does not trust the certificate (unknown CA)' })
})

test('a client that says STARTTLS and goes on in plain text is told the handshake never came', async () => {
  const { played } = await grade(async (port) => {
    const socket = await plainConnection(port)
    await readLine(socket)
    socket.write('STARTTLS\r\n')
    await readLine(socket)
    socket.write('MAIL FROM:<a@b>\r\n')
    await new Promise((resolve) => socket.once('close', resolve))
  })
  expect(played).toMatchObject({ ok: false })
  expect('problem' in played && played.problem).toMatch(/^step 2\.2: the TLS handshake failed: what came was not a TLS handshake \(the client went on in plain text: "MAIL FROM:<a@b>"\)$/)
})

// Branches inside branches, and a repeat inside one: a branch not taken skips all of its steps, unrolled
test('a branch not taken skips its nested branches and repeats; one taken runs them, labelled by where they are', () => {
  const steps = unrolledSteps([
    { expect: 'A', optional: true, then: [{ send: 'a' }, { expect: 'B', optional: true, then: [{ repeat: 2, steps: [{ send: 'b' }] }] }, { send: 'c' }] },
    { expect: 'Z' },
  ])
  expect(steps.map((step) => `${step.label} ${step.kind}${step.kind === 'expect' ? ` +${step.then}` : ''}`)).toEqual([
    'step 1 expect +5',
    'step 1.1 send',
    'step 1.2 expect +2',
    'step 1.2.1.1, round 1 of 2 send',
    'step 1.2.1.1, round 2 of 2 send',
    'step 1.3 send',
    'step 2 expect +0',
  ])
})

test.each([
  ['neither branch', ['Z'], [], 'Z'],
  ['the outer branch only', ['A', 'Z'], ['a', 'c'], 'Z'],
  ['both branches', ['A', 'B', 'Z'], ['a', 'b', 'b', 'c'], 'Z'],
])('a client that takes %s gets the sends of what it took, and its next message goes on', async (_name, messages, replies, last) => {
  const steps: DialogueStepSpec[] = [{ expect: 'A', optional: true, then: [{ send: 'a' }, { expect: 'B', optional: true, then: [{ repeat: 2, steps: [{ send: 'b' }] }] }, { send: 'c' }] }, { expect: 'Z', name: 'z' }]
  let got = ''
  const { played, heard } = await grade(async (port) => {
    const socket = await plainConnection(port)
    // All at once: the grader reads them one step at a time, and hangs up when its steps are done
    socket.write(messages.map((message) => `${message}\r\n`).join(''))
    socket.on('data', (chunk: Buffer) => (got += chunk.toString()))
    await new Promise((resolve) => socket.once('end', resolve))
    socket.end()
  }, steps)
  expect(played.ok, 'problem' in played ? played.problem : '').toBe(true)
  expect(got.split('\n').filter(Boolean)).toEqual(replies)
  expect(heard.at(-1)).toMatchObject({ name: 'z', text: last, matched: true })
})
