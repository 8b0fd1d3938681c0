import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { hostname, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { freePort } from '../net/ports.js'
import { resolvePython } from '../process/python.js'
import { startProgram, type ProgramExit, type RunningProgram } from '../process/start-program.js'
import { programEnv } from '../submission/program-command.js'
import { ANY_HOST, shimPath, shimmedPythonArgv } from './shim-command.js'

const fixtures = join(import.meta.dirname, 'fixtures')
const env = programEnv(process.env)
let python: string
const started: RunningProgram[] = []
const closers: (() => void)[] = []

beforeAll(async () => {
  python = (await resolvePython()).executable
})

afterEach(async () => {
  for (const close of closers.splice(0)) close()
  await Promise.all(started.splice(0).map((program) => program.kill()))
})

// Run a fixture through the shim with 12000 mapped to `port`
function run(file: string, options: { port: number; args?: string[]; input?: string; aliases?: string[]; cwd?: string; env?: NodeJS.ProcessEnv }): RunningProgram {
  const argv = shimmedPythonArgv(python, file, options.args ?? [], [{ from: 12000, to: options.port }], options.aliases)
  const program = startProgram(argv, { cwd: options.cwd ?? fixtures, env: options.env ?? env, input: options.input })
  started.push(program)
  return program
}

// The exit, or a kill after `ms` so that a client the shim failed to redirect cannot hang the test
async function finished(program: RunningProgram, ms = 5000): Promise<ProgramExit> {
  const timer = setTimeout(() => void program.kill(), ms)
  try {
    return await program.exited
  } finally {
    clearTimeout(timer)
  }
}

async function untilOutput(program: RunningProgram, text: string): Promise<void> {
  for (let i = 0; i < 500 && !program.stdout.text().includes(text) && program.alive; i++) await delay(10)
  expect(program.stdout.text(), program.stderr.text()).toContain(text)
}

// A datagram to 127.0.0.1:port, and the reply
async function askUdp(port: number, message: string): Promise<string> {
  const socket = createSocket('udp4')
  closers.push(() => socket.close())
  const reply = once(socket, 'message', { signal: AbortSignal.timeout(3000) })
  socket.send(message, port, '127.0.0.1')
  const [data] = (await reply) as [Buffer]
  return data.toString('utf8')
}

// The grader's side of a client check: an uppercasing UDP server on 127.0.0.1:port
async function udpUppercaser(port: number): Promise<UdpSocket> {
  const socket = createSocket('udp4')
  closers.push(() => socket.close())
  socket.on('message', (data, from) => socket.send(data.toString('utf8').toUpperCase(), from.port, from.address))
  socket.bind(port, '127.0.0.1')
  await once(socket, 'listening')
  return socket
}

async function tcpUppercaser(port: number): Promise<Server> {
  const server = createServer((connection) => {
    connection.on('error', () => undefined)
    connection.once('data', (data) => connection.end(data.toString('utf8').toUpperCase()))
  })
  closers.push(() => server.close())
  server.listen(port, '127.0.0.1')
  await once(server, 'listening')
  return server
}

describe('shimmedPythonArgv', () => {
  test('puts the interpreter in isolated mode and the student program after --', () => {
    expect(shimmedPythonArgv('/usr/bin/python3', 'UDPServer.py', ['-x', 'y'], [{ from: 12000, to: 23456 }], ['DESKTOP-1'])).toEqual([
      '/usr/bin/python3',
      '-I',
      '-u',
      '-B',
      shimPath,
      '--map',
      '12000=23456',
      '--host-alias',
      'DESKTOP-1',
      '--',
      'UDPServer.py',
      '-x',
      'y',
    ])
  })

  test('refuses a map that would be applied twice, and ports out of range', () => {
    expect(() => shimmedPythonArgv('python3', 'a.py', [], [{ from: 12000, to: 20000 }, { from: 20000, to: 20001 }])).toThrow(/both mapped/)
    expect(() => shimmedPythonArgv('python3', 'a.py', [], [{ from: 12000, to: 70000 }])).toThrow(/between 1 and 65535/)
  })
})

describe('the shim redirects unmodified textbook programs', () => {
  test('a UDP server hard-coding 12000 and binding "" answers on the assigned port', async () => {
    const port = await freePort()
    const server = run('UDPServer.py', { port })
    await untilOutput(server, 'ready to receive')
    expect(await askUdp(port, 'hello shim')).toBe('HELLO SHIM')
    expect(server.stderr.text()).toBe('')
  })

  test('a UDP client sending to "hostname":12000 reaches the grader on the assigned port (from socket import *)', async () => {
    const port = await freePort()
    await udpUppercaser(port)
    const client = run('UDPClient.py', { port, input: 'héllo\n' })
    const exit = await finished(client)
    expect(client.stdout.text()).toBe('Input lowercase sentence:HÉLLO\n')
    expect(exit.exitCode, client.stderr.text()).toBe(0)
    expect(client.stderr.text()).toBe('')
  })

  test('a UDP client using import socket, "localhost" and sendto(data, flags, address)', async () => {
    const port = await freePort()
    await udpUppercaser(port)
    const client = run('udp_client_flags.py', { port, input: 'flags\n' })
    expect((await finished(client)).exitCode, client.stderr.text()).toBe(0)
    expect(client.stdout.text()).toContain('FLAGS')
  })

  test('a TCP server (import socket) and the TCP client to "servername" talk through their mapped ports', async () => {
    const port = await freePort()
    const server = run('TCPServer.py', { port })
    await untilOutput(server, 'ready to receive')
    const client = run('TCPClient.py', { port, input: 'over tcp\n' })
    expect((await finished(client)).exitCode, client.stderr.text()).toBe(0)
    expect(client.stdout.text()).toContain('From Server:  OVER TCP')
    expect(server.stderr.text() + client.stderr.text()).toBe('')
  })

  test("a TCP client connecting to the machine's own name, asked from socket.gethostname()", async () => {
    const port = await freePort()
    await tcpUppercaser(port)
    const client = run('tcp_client_own_name.py', { port, input: 'own name\n' })
    expect((await finished(client)).exitCode, client.stderr.text()).toBe(0)
    expect(client.stdout.text()).toContain('OWN NAME')
  })

  describe('host names written into the file', () => {
    let dir: string
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'sockgrade-shim-'))
    })
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    const client = (serverName: string) =>
      [
        'from socket import *',
        `serverName = ${JSON.stringify(serverName)}`,
        'clientSocket = socket(AF_INET, SOCK_STREAM)',
        'clientSocket.connect((serverName, 12000))',
        'clientSocket.send(input().encode())',
        'print(clientSocket.recv(1024).decode())',
        '',
      ].join('\n')

    test("the grading machine's name, and its name with a domain", async () => {
      const port = await freePort()
      await tcpUppercaser(port)
      const short = hostname().split('.')[0] as string
      for (const [i, name] of [hostname(), `${short}.local`].entries()) {
        writeFileSync(join(dir, `own${i}.py`), client(name))
        const program = run(`own${i}.py`, { port, cwd: dir, input: `name ${i}\n` })
        expect((await finished(program)).exitCode, program.stderr.text()).toBe(0)
        expect(program.stdout.text()).toBe(`NAME ${i}\n`)
      }
    })

    test("a student's own machine name, given as a host alias; without it, a sockgrade line and the usual error", async () => {
      const port = await freePort()
      await tcpUppercaser(port)
      writeFileSync(join(dir, 'desktop.py'), client('DESKTOP-7F3K2Q.invalid'))
      const aliased = run('desktop.py', { port, cwd: dir, input: 'alias\n', aliases: ['desktop-7f3k2q.invalid'] })
      expect((await finished(aliased)).exitCode, aliased.stderr.text()).toBe(0)
      expect(aliased.stdout.text()).toBe('ALIAS\n')

      // .invalid never resolves; the lookup may still ask a slow DNS server, hence the longer wait
      const unknown = run('desktop.py', { port, cwd: dir, input: 'alias\n' })
      expect((await finished(unknown, 8000)).exitCode).toBe(1)
      expect(unknown.stderr.text()).toContain("sockgrade: cannot resolve host name 'DESKTOP-7F3K2Q.invalid'")
      expect(unknown.stderr.text()).toMatch(/File ".*desktop\.py", line 4, in <module>\n.*\n(.*\n)*socket\.gaierror/)
      expect(unknown.stderr.text()).not.toContain('sockgrade_run')
    })

    // any-host (an SMTP client that hard-codes a real relay): no name is looked up at all. Only .invalid names here,
    // which never resolve, so a shim that failed to map them could not send anything off this machine either
    test("the alias '*' makes every name this machine, without a lookup", async () => {
      const port = await freePort()
      await tcpUppercaser(port)
      for (const [i, name] of ['smtp.relay.invalid', 'MAIL.Some-University.invalid.'].entries()) {
        writeFileSync(join(dir, `any${i}.py`), client(name))
        const program = run(`any${i}.py`, { port, cwd: dir, input: `any ${i}\n`, aliases: [ANY_HOST] })
        expect((await finished(program)).exitCode, program.stderr.text()).toBe(0)
        expect(program.stdout.text()).toBe(`ANY ${i}\n`)
        expect(program.stderr.text()).toBe('')
      }
    })
  })
})

describe('the shim is otherwise invisible', () => {
  test('a port that is not the assignment\'s is named on stderr, and the connection goes where the code says', async () => {
    const port = await freePort()
    const client = run('tcp_client_port_5005.py', { port })
    await finished(client)
    expect(client.stderr.text()).toContain("sockgrade: connect to port 5005 (not the assignment's port)\n")
  })

  test("a server binding a port that is not the assignment's is named on stderr", async () => {
    const program = run('udp_server_port_6789.py', { port: await freePort() })
    expect((await finished(program)).exitCode).toBe(0)
    expect(program.stderr.text()).toBe("sockgrade: bind to port 6789 (not the assignment's port)\n")
  })

  test("a student's exception shows the student's file and line, not the shim's, and exits 1", async () => {
    const program = run('raises.py', { port: 23456 })
    const exit = await finished(program)
    expect(exit.exitCode).toBe(1)
    const stderr = program.stderr.text()
    expect(stderr).toMatch(/^Traceback \(most recent call last\):\n {2}File ".*raises\.py", line 8, in <module>\n/)
    expect(stderr).toContain('line 5, in reply_to')
    expect(stderr).toMatch(/NameError: name 'undefined_name' is not defined/)
    expect(stderr).not.toMatch(/sockgrade_run|runpy/)
  })

  test('sys.exit(3) exits 3', async () => {
    const program = run('exits_3.py', { port: 23456 })
    expect((await finished(program)).exitCode).toBe(3)
    expect(program.stdout.text()).toBe('bye\n')
  })

  test('argv, __name__, sys.path[0] and UTF-8 output are those of a program started directly', async () => {
    const program = run('prints_argv.py', { port: 23456, args: ['12000', 'two words', 'ünïcode', '--', '-c'] })
    expect((await finished(program)).exitCode, program.stderr.text()).toBe(0)
    expect(JSON.parse(program.stdout.text())).toEqual({
      argv: ['prints_argv.py', '12000', 'two words', 'ünïcode', '--', '-c'],
      path0: fixtures,
      name: '__main__',
      file: 'prints_argv.py',
      stdout: 'utf-8',
    })
  })

  test('PYTHONPATH, PYTHONSTARTUP and the like in the environment cannot run code before the shim', async () => {
    const hostileDir = join(fixtures, 'hostile-env')
    const hostile = {
      ...env,
      PYTHONPATH: hostileDir,
      PYTHONSTARTUP: join(hostileDir, 'startup.py'),
      PYTHONUSERBASE: hostileDir,
      PYTHONINSPECT: '1',
    }
    // The same environment without the shim's -I does run the student's sitecustomize
    const direct = startProgram([python, '-c', 'print("not reached")'], { cwd: fixtures, env: hostile })
    started.push(direct)
    expect((await finished(direct)).exitCode).toBe(7)
    expect(direct.stderr.text()).toContain('HOSTILE')

    const port = await freePort()
    const server = run('UDPServer.py', { port, env: hostile })
    await untilOutput(server, 'ready to receive')
    expect(await askUdp(port, 'still shimmed')).toBe('STILL SHIMMED')
    expect(server.stderr.text()).not.toContain('HOSTILE')
  })
})

// Python puts the program's folder first on sys.path: a socket.py there is imported instead of the standard module,
// and the program fails. Through the shim it must fail the same way, and the shim's patches must still apply whenever
// the standard module is the one the program ends up with
describe("imports find what `python3 file.py` finds in the program's folder", () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sockgrade-shadow-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  // Binds the port on its command line, which the shim maps to another
  const probe = ['import sys', 'from socket import *', 's = socket(AF_INET, SOCK_DGRAM)', "s.bind(('127.0.0.1', int(sys.argv[1])))", "print('bound', s.getsockname()[1])", ''].join('\n')

  // The same file run as `python3 file.py` and through the shim: exit code and output
  async function bothWays(folder: string, file: string, args: (port: number) => string[] = (port) => [String(port)]) {
    const [port, mapped] = [await freePort(), await freePort()]
    const plain = startProgram([python, file, ...args(port)], { cwd: folder, env })
    const shimmed = startProgram(shimmedPythonArgv(python, file, args(port), [{ from: port, to: mapped }]), { cwd: folder, env })
    started.push(plain, shimmed)
    const [plainExit, shimExit] = await Promise.all([finished(plain), finished(shimmed)])
    const outcome = (program: RunningProgram, exit: ProgramExit) => ({ exitCode: exit.exitCode, stdout: program.stdout.text(), stderr: program.stderr.text() })
    return { port, mapped, plain: outcome(plain, plainExit), shim: outcome(shimmed, shimExit) }
  }

  function layout(name: string, files: Record<string, string>): string {
    const folder = join(dir, name)
    for (const [file, text] of Object.entries({ 'probe.py': probe, ...files })) {
      mkdirSync(dirname(join(folder, file)), { recursive: true })
      writeFileSync(join(folder, file), text)
    }
    return folder
  }

  const scratch = "# trying out encode and decode before the lab\nprint('scratch', 'hello'.encode())\n"
  const cases: { name: string; files: Record<string, string>; uses: 'theirs' | 'standard' | 'as-python-does' }[] = [
    { name: 'a scratch socket.py', files: { 'socket.py': scratch }, uses: 'theirs' },
    { name: 'a socket.py that does from socket import *', files: { 'socket.py': 'from socket import *\nprint(gethostname())\n' }, uses: 'theirs' },
    { name: 'a socket/ package', files: { 'socket/__init__.py': scratch }, uses: 'theirs' },
    { name: 'a socket/ folder without __init__.py (no package: the standard module wins)', files: { 'socket/notes.txt': 'notes\n' }, uses: 'standard' },
    {
      name: 'a socket.py that takes itself off sys.path and loads the standard module',
      files: {
        'socket.py': [
          'import os, sys',
          'here = os.path.dirname(os.path.abspath(__file__))',
          "del sys.modules['socket']",
          "sys.path[:] = [p for p in sys.path if os.path.realpath(p or '.') != here]",
          'import socket as standard',
          "sys.modules['socket'] = standard",
          'from socket import *',
          '',
        ].join('\n'),
      },
      uses: 'standard',
    },
    // The standard socket module imports selectors, which imports select: a built-in module on some builds, and
    // then the file is not used
    { name: 'a scratch select.py', files: { 'select.py': scratch }, uses: 'as-python-does' },
  ]

  test.for(cases)('$name', async ({ name, files, uses }) => {
    const folder = layout(name.replace(/\W+/g, '-'), files)
    const { port, mapped, plain, shim } = await bothWays(folder, 'probe.py')
    const standard = uses === 'standard' || (uses === 'as-python-does' && plain.exitCode === 0)
    if (standard) {
      expect(plain, plain.stderr).toMatchObject({ exitCode: 0, stdout: `bound ${port}\n` })
      expect(shim, shim.stderr).toEqual({ ...plain, stdout: `bound ${mapped}\n` })
    } else {
      expect(plain.exitCode).toBe(1)
      expect(plain.stderr).toMatch(/Error/)
      expect(shim).toEqual(plain)
    }
  })

  test('the modules loaded when the file starts, and its globals, are those of a direct run', async () => {
    const folder = layout('startup', {
      'startup.py': [
        'import sys',
        'print(sorted(sys.modules))',
        "print(sorted(globals()), type(__loader__).__name__, __package__, __spec__, __file__, sys.path[0], __cached__, __annotations__)",
        '',
      ].join('\n'),
    })
    const { plain, shim } = await bothWays(folder, 'startup.py', () => [])
    expect(plain.exitCode, plain.stderr).toBe(0)
    expect(shim).toEqual(plain)
    expect(shim.stdout).not.toMatch(/'socket'|'runpy'/)
  })
})
