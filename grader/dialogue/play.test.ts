import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, expect, test } from 'vitest'
import { framingOf } from '../assignments/framing.js'
import { freePort } from '../net/ports.js'
import { seededRandom } from '../random.js'
import { openChannel } from './channel.js'
import { unrolledSteps, type DialogueStepSpec } from './dialogue.js'
import { playDialogue } from './play.js'

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
