import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterEach, describe, expect, test } from 'vitest'
import { freePort } from '../net/ports.js'
import { packageRoot } from '../paths.js'
import { fixtureEnv, pythonFixtureArgv } from '../test-support/python.js'

const live: ChildProcess[] = []
afterEach(() => {
  for (const child of live.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

/** A started process and what it printed so far */
interface Started {
  readonly child: ChildProcess
  readonly output: () => string
  readonly exited: Promise<number | null>
}

// `input`: text for stdin, then closed; null: stdin left open for the test to write to; absent: no stdin
function start(argv: string[], input?: string | null): Started {
  const [command, ...args] = argv as [string, ...string[]]
  const child = spawn(command, args, { cwd: packageRoot, env: { ...fixtureEnv, NO_COLOR: '1' }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] })
  live.push(child)
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  if (typeof input === 'string') child.stdin?.end(input)
  return { child, output: () => output, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) }
}

const sockgrade = (...args: string[]) => [process.execPath, join(packageRoot, 'dist/grader/bin.js'), ...args]

async function waitFor(started: Started, text: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms
  while (!started.output().includes(text) && Date.now() < until) await delay(25)
  if (!started.output().includes(text)) throw new Error(`Did not see "${text}" within ${ms} ms; output so far:\n${started.output()}`)
}

// A reference server (Python, unbuffered) on a free port, ready once it says so
async function referenceServer(file: string): Promise<{ port: number }> {
  const port = await freePort()
  const server = start(['env', 'PYTHONUNBUFFERED=1', ...(await pythonFixtureArgv(join(packageRoot, file), String(port)))])
  await waitFor(server, 'Server ready')
  return { port }
}

describe('sockgrade peer client', () => {
  test('seeded sentences to a correct server: every reply right, exit 0', async () => {
    const { port } = await referenceServer('reference/uppercase-udp/UDPServer.py')
    const client = start(sockgrade('peer', 'client', '--assignment', 'uppercase-udp', '127.0.0.1', String(port), '--count', '3', '--seed', '4'))
    expect(await client.exited, client.output()).toBe(0)
    expect(client.output().match(/← received {2}"[^"\n]+" {2}✓ right/g)).toHaveLength(3)
    expect(client.output()).toContain('3 of 3 replies right')
  })

  test('lines on stdin to a server that counts only lowercase s: the wrong reply is named, exit 1', async () => {
    const { port } = await referenceServer('reference/count-s-udp/broken/server-counts-lowercase-only/UDPServer.py')
    const client = start(sockgrade('peer', 'client', '-a', 'count-s-udp', '127.0.0.1', String(port)), 'Sockets send Stuff\nno capitals here\n')
    expect(await client.exited, client.output()).toBe(1)
    expect(client.output()).toMatch(/→ sent {6}"Sockets send Stuff"\n.*← received {2}"2" {2}✗ expected "4"\n/)
    expect(client.output()).toMatch(/→ sent {6}"no capitals here"\n.*← received {2}"1" {2}✓ right\n/)
    expect(client.output()).toContain('1 of 2 replies right')
  })

  test('an empty standard input that is not a terminal (a script, CI): seeded sentences, as without it', async () => {
    const { port } = await referenceServer('reference/uppercase-udp/UDPServer.py')
    const client = start(sockgrade('peer', 'client', '--assignment', 'uppercase-udp', '127.0.0.1', String(port)), '')
    expect(await client.exited, client.output()).toBe(0)
    expect(client.output()).toContain('5 of 5 replies right')
  })

  test('multi-line TCP: every line on one connection', async () => {
    const { port } = await referenceServer('reference/multiline-tcp/TCPServer.py')
    const client = start(sockgrade('peer', 'client', '-a', 'multiline-tcp', '127.0.0.1', String(port)), 'first line\nsecond line\n')
    expect(await client.exited, client.output()).toBe(0)
    expect(client.output()).toContain('"FIRST LINE\\n"  ✓ right')
    expect(client.output()).toContain('2 of 2 replies right')
  })

  test('Ctrl-C while waiting for typed lines: exit 130', async () => {
    const { port } = await referenceServer('reference/multiline-tcp/TCPServer.py')
    const client = start(sockgrade('peer', 'client', '-a', 'multiline-tcp', '--stdin', '127.0.0.1', String(port)), null)
    client.child.stdin?.write('one line\n')
    await waitFor(client, '"ONE LINE\\n"  ✓ right')
    client.child.kill('SIGINT')
    expect(await client.exited).toBe(130)
  })

  test('no server listening: said in words, exit 1', async () => {
    const port = await freePort()
    const client = start(sockgrade('peer', 'client', '-a', 'uppercase-tcp', '127.0.0.1', String(port), '--count', '1'))
    expect(await client.exited).toBe(1)
    expect(client.output()).toContain(`Nothing is listening on tcp://127.0.0.1:${port} (connection refused)`)
  })

  test.for(['udp-pinger', 'smtp-client'])('%s has no student server: a usage error that points at peer server, exit 2', async (id) => {
    const client = start(sockgrade('peer', 'client', '-a', id, '--count', '1'))
    expect(await client.exited).toBe(2)
    expect(client.output()).toContain(`${id} has no server for you to write, so there is nothing for peer client to ask: run sockgrade peer server -a ${id}`)
  })
})

describe('sockgrade peer server', () => {
  test('answers a reference client, prints both directions, and Ctrl-C frees the port', async () => {
    const port = await freePort()
    const server = start(sockgrade('peer', 'server', '--assignment', 'uppercase-tcp', '--port', String(port)))
    await waitFor(server, 'press Ctrl-C to stop')
    const client = start(await pythonFixtureArgv(join(packageRoot, 'reference/uppercase-tcp/TCPClient.py'), '127.0.0.1', String(port)), 'hello there\n')
    expect(await client.exited, client.output()).toBe(0)
    expect(client.output()).toContain('From Server: HELLO THERE')
    await waitFor(server, '→ sent      "HELLO THERE"')
    expect(server.output()).toMatch(/\d\d:\d\d:\d\d\.\d{3} {2}← received {2}"hello there"\n\d\d:\d\d:\d\d\.\d{3} {2}→ sent {6}"HELLO THERE"\n/)
    server.child.kill('SIGINT')
    expect(await server.exited).toBe(130)
    // Nothing holds the port any more
    await new Promise<void>((resolve, reject) => {
      const probe = createServer().once('error', reject)
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()))
    })
  })

  test('plays the lossy server for a pinger: some pings dropped, the others answered late, each printed', async () => {
    const port = await freePort()
    const server = start(sockgrade('peer', 'server', '--assignment', 'udp-pinger', '--port', String(port)))
    await waitFor(server, 'press Ctrl-C to stop')
    const client = start(await pythonFixtureArgv(join(packageRoot, 'reference/udp-pinger/UDPPingerClient.py'), '127.0.0.1', String(port)), '')
    expect(await client.exited, client.output()).toBe(0)
    expect(client.output()).toContain('Request timed out')
    expect(client.output()).toMatch(/Reply from 127\.0\.0\.1: PING 1?\d /)
    await waitFor(server, 'datagram 10,')
    expect(server.output()).toContain('a new run (run 1)')
    expect(server.output()).toMatch(/← received {2}"Ping \d+ [^"]+" {2}datagram \d+, dropped: no answer will come/)
    expect(server.output()).toMatch(/→ sent {6}"PING \d+ [^"]+" {2}answer to datagram \d+, after \d+ ms/)
    server.child.kill('SIGINT')
    expect(await server.exited).toBe(130)
  })

  test('a port in use is a usage error', async () => {
    const blocker = createServer()
    const port = await freePort()
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve))
    try {
      const server = start(sockgrade('peer', 'server', '-a', 'count-s-udp', '-p', String(port)))
      expect(await server.exited).toBe(2)
      expect(server.output()).toContain(`Port ${port} is in use`)
    } finally {
      blocker.close()
    }
  })

  test('for a client dialogue (smtp-client) it plays the mail server, prints the dialogue and remarks on loose forms', async () => {
    const port = await freePort()
    const server = start(sockgrade('peer', 'server', '--assignment', 'smtp-client', '--port', String(port)))
    await waitFor(server, 'press Ctrl-C to stop')
    const client = start(await pythonFixtureArgv(join(packageRoot, 'grader/probes/fixtures/smtp-clients/space-after-colon/SMTPClient.py'), '127.0.0.1', String(port)))
    expect(await client.exited, client.output()).toBe(0)
    expect(client.output()).toContain('221 2.0.0 closing connection')
    await waitFor(server, 'Connection 1: the dialogue went as written')
    expect(server.output()).toMatch(/← received {2}"MAIL FROM: <alice@example.com>\\r\\n"\n {14}↑ accepted, but not in the protocol's exact form \(mail-from\)\n/)
    expect(server.output()).toMatch(/→ sent {6}"354 [^"]*"\n.*← received {2}"\\r\\nSubject: Hello\\r\\n\\r\\nI love computer networks!\\r\\n.\\r\\n"\n/)
    server.child.kill('SIGINT')
    expect(await server.exited).toBe(130)
  })

  // The reference client checks the certificate (create_default_context): the peer prints the file that makes it trust it
  test('for STARTTLS it prints the authority file to trust; the reference client then logs in over TLS', async () => {
    const port = await freePort()
    const server = start(sockgrade('peer', 'server', '-a', 'smtp-client', '-p', String(port)))
    await waitFor(server, 'Windows PowerShell')
    const file = /setting SSL_CERT_FILE=(\S+)/.exec(server.output())?.[1]
    expect(file).toMatch(/ca\.pem$/)
    const client = start(['env', `SSL_CERT_FILE=${file}`, ...(await pythonFixtureArgv(join(packageRoot, 'reference/smtp-client/SMTPClient.py'), 'localhost', String(port)))])
    expect(await client.exited, client.output()).toBe(0)
    await waitFor(server, 'Connection 1: the dialogue went as written')
    expect(server.output()).toMatch(/TLS started \(TLSv1\.3, the client asked for "localhost"\)/)
    expect(server.output()).toContain('"235 2.7.0 accepted\\r\\n"')
    server.child.kill('SIGINT')
    await server.exited
    // The authority's file goes with the run
    expect(existsSync(file as string)).toBe(false)
  })

  test('--dialogue plays a named one (the refused recipient); an unknown name is a usage error', async () => {
    const port = await freePort()
    const server = start(sockgrade('peer', 'server', '-a', 'smtp-client', '-p', String(port), '--dialogue', 'rcpt-rejected'))
    await waitFor(server, 'press Ctrl-C to stop')
    const client = start(await pythonFixtureArgv(join(packageRoot, 'grader/probes/fixtures/smtp-clients/ignores-550/SMTPClient.py'), '127.0.0.1', String(port)))
    await client.exited
    await waitFor(server, 'Connection 1: ')
    expect(server.output()).toContain('Connection 1: step 14: expected a message matching "(QUIT|RSET) *", received "DATA"')
    server.child.kill('SIGINT')
    await server.exited
    const unknown = start(sockgrade('peer', 'server', '-a', 'smtp-client', '-p', String(port), '--dialogue', 'nope'))
    expect(await unknown.exited).toBe(2)
    expect(unknown.output()).toContain('No dialogue "nope" in smtp-client (known: rcpt-rejected)')
  })
})
