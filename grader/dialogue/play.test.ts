import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, expect, test } from 'vitest'
import { framingOf } from '../assignments/framing.js'
import { freePort } from '../net/ports.js'
import { seededRandom } from '../random.js'
import { openChannel } from './channel.js'
import { unrolledSteps, type DialogueStepSpec } from './dialogue.js'
import { playDialogue, type HeardStep } from './play.js'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

// A TCP server on a free port that runs `serve` with each connection
async function serverDoing(serve: (socket: Socket) => void): Promise<number> {
  const port = await freePort()
  const server = createServer((socket) => {
    socket.on('error', () => undefined)
    serve(socket)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
  return port
}

// Play the steps with the server at the port, lines ending in CR LF; what was sent, received, and how it went
async function play(port: number, spec: DialogueStepSpec[]) {
  const framing = framingOf({ transport: 'tcp', session: 'single', framing: { terminator: '\r\n' } })
  const signal = new AbortController().signal
  const channel = await openChannel({ host: '127.0.0.1', port, transport: 'tcp' }, framing, { timeoutMs: 5000, signal })
  if ('problem' in channel) throw new Error(channel.problem)
  const lines: string[] = []
  try {
    const played = await playDialogue(channel, unrolledSteps(spec), {
      framing,
      random: seededRandom(1, 'play'),
      signal,
      replyTimeoutMs: 5000,
      scale: 1,
      sent: (text) => lines.push(`> ${text}`),
      received: (text) => lines.push(`< ${text}`),
      note: (text) => lines.push(`# ${text}`),
    })
    return { played, lines }
  } finally {
    channel.close()
  }
}

// An optional step that gives up while a message is half there must leave that half for the next step
test('bytes an optional step gave up on are the start of the next step\'s message', async () => {
  const port = await serverDoing((socket) => {
    socket.write('220 mail')
    setTimeout(() => socket.write(' ready\r\n'), 400)
  })
  const { played, lines } = await play(port, [{ expect: '220-.*', optional: true, 'timeout-ms': 100 }, { expect: '220 .*' }])
  expect(played).toEqual({ ok: true, sent: [] })
  // Messages are shown without the terminator that ended them, as they are matched
  expect(lines).toEqual(['# step 1: no "\\r\\n" within 0.1 s', '< "220 mail ready"'])
})

// A group that took no part in the match captures '': a later {id} is empty, not a template field that fails
test('a named group that did not match captures nothing, and a later send uses it as empty', async () => {
  const port = await serverDoing((socket) => {
    socket.write('250 OK\r\n')
    socket.on('data', (data) => socket.write(`got ${data.toString().trim()}\r\n`))
  })
  const { played, lines } = await play(port, [{ expect: '250 OK( as (?<id>\\d+))?' }, { send: 'STAT {id}' }, { expect: 'got STAT' }])
  expect(played).toEqual({ ok: true, sent: ['STAT '] })
  expect(lines).toEqual(['< "250 OK"', '> "STAT "', '< "got STAT"'])
})

test('a message that does not match fails its step, saying what came; a silent server is told apart', async () => {
  const port = await serverDoing((socket) => socket.write('500 go away\r\n'))
  const { played } = await play(port, [{ expect: '220 .*' }])
  expect(played).toEqual({ ok: false, silent: false, problem: 'step 1: expected a message matching "220 .*", received "500 go away"' })
  const quiet = await serverDoing(() => undefined)
  const { played: nothing } = await play(quiet, [{ expect: '220 .*', 'timeout-ms': 200 }])
  expect(nothing).toEqual({ ok: false, silent: true, problem: 'step 1: expected a message matching "220 .*"; nothing within 0.2 s' })
})

// Play with the heard steps recorded, lines framing (a bare LF ends a line too)
async function playLines(port: number, spec: DialogueStepSpec[]) {
  const framing = framingOf({ transport: 'tcp', session: 'single', framing: 'lines' })
  const signal = new AbortController().signal
  const channel = await openChannel({ host: '127.0.0.1', port, transport: 'tcp' }, framing, { timeoutMs: 5000, signal })
  if ('problem' in channel) throw new Error(channel.problem)
  const heard: HeardStep[] = []
  const delivered: string[] = []
  try {
    const played = await playDialogue(channel, unrolledSteps(spec), {
      framing,
      random: seededRandom(1, 'play'),
      signal,
      replyTimeoutMs: 5000,
      scale: 1,
      sent: () => undefined,
      received: () => undefined,
      note: () => undefined,
      heard: (step) => heard.push(step),
      delivered: (text) => delivered.push(text),
    })
    return { played, heard, delivered }
  } finally {
    channel.close()
  }
}

test('a message that comes while a send is held is early; one sent after the send came is not', async () => {
  // Says two lines at once on connect, then one more only after it has read the grader's second line ("go on")
  const port = await serverDoing((socket) => {
    socket.write('one\r\ntwo\r\n')
    let read = ''
    socket.on('data', (data) => {
      read += data.toString()
      if (read.includes('go on\n')) socket.write('three\r\n')
    })
  })
  const { played, heard } = await playLines(port, [
    { expect: 'one', name: 'one' },
    { send: 'go', 'hold-ms': 200 },
    { expect: 'two', name: 'two' },
    { send: 'go on', 'hold-ms': 200 },
    { expect: 'three', name: 'three' },
  ])
  expect(played.ok).toBe(true)
  expect(heard.map((step) => [step.name, step.early])).toEqual([['one', false], ['two', true], ['three', false]])
})

test('lines-until reads lines up to the one matching, as one message, whichever line end the lines have', async () => {
  const port = await serverDoing((socket) => {
    socket.write('Subject: hi\r\n\r\nbody\r\n.\r\n')
    socket.once('data', () => socket.write('bare\n.\nafter\n'))
  })
  const { played, heard } = await playLines(port, [
    { expect: '.*', 'lines-until': '\\.', name: 'crlf' },
    { send: 'next' },
    { expect: 'bare\n\\.', 'lines-until': '\\.', name: 'lf' },
    { expect: 'after' },
  ])
  expect(played.ok).toBe(true)
  expect(heard.map((step) => [step.name, step.raw])).toEqual([['crlf', 'Subject: hi\r\n\r\nbody\r\n.\r\n'], ['lf', 'bare\n.\n'], [undefined, 'after\n']])
})

test('ignore-case matches any case; strict is recorded apart from matching', async () => {
  const port = await serverDoing((socket) => socket.write('mail from: <a@b>\r\nMAIL FROM:<a@b>\r\n'))
  const step = { expect: 'MAIL FROM: ?<[^<>]*>', strict: 'MAIL FROM:<[^<> ]*>', 'ignore-case': true }
  const { played, heard } = await playLines(port, [{ ...step, name: 'loose' }, { ...step, name: 'exact' }])
  expect(played.ok).toBe(true)
  expect(heard.map((s) => [s.name, s.matched, s.strict])).toEqual([['loose', true, false], ['exact', true, true]])
})

test('or-close: the other side hanging up at that step ends the dialogue as written; anything else must match', async () => {
  const closes = await serverDoing((socket) => socket.end('bye\r\n'))
  const steps: DialogueStepSpec[] = [{ expect: 'bye' }, { expect: 'QUIT', 'or-close': true, name: 'after' }, { send: 'never sent' }]
  const { played, heard, delivered } = await playLines(closes, steps)
  expect(played).toEqual({ ok: true, sent: [] })
  expect(heard.at(-1)).toMatchObject({ name: 'after', closed: true, matched: true })
  expect(delivered).toEqual([])
  const goesOn = await serverDoing((socket) => socket.write('bye\r\nDATA\r\n'))
  const { played: wrong } = await playLines(goesOn, steps)
  expect(wrong).toEqual({ ok: false, silent: false, problem: 'step 2: expected a message matching "QUIT", received "DATA"' })
})
