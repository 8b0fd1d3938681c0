import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { hintForError, KNOWN_ERRORS } from './python-errors.js'

const temp = mkdtempSync(join(tmpdir(), 'sockgrade-errors-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

// What python3 really writes to stderr when a tiny program makes the mistake; run from a file, the traceback shows
// the failing line, as a student's does
function stderrOf(code: string, fromFile = false): string {
  if (!fromFile) return spawnSync('python3', ['-c', code], { encoding: 'utf8', input: '' }).stderr
  writeFileSync(join(temp, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  writeFileSync(join(temp, 'program.py'), code)
  return spawnSync('python3', ['program.py'], { cwd: temp, encoding: 'utf8', input: '' }).stderr
}

const hintNamed = (name: string) => KNOWN_ERRORS.find((e) => e.name === name)?.hint

const cases: { name: string; code: string; fromFile?: boolean }[] = [
  { name: 'binary file read as text', code: "f = open('image.png')\noutputdata = f.read()\n", fromFile: true },
  { name: 'IndexError splitting a message', code: "message = 'HELLO'\nfilename = message.split()[1]\n", fromFile: true },
  { name: 'ValueError on text of its own', code: "url = 'http://example.org/page.html'\nhost, port = url.split(':')[0], url.split(':')[1]\nport = int(port)\n", fromFile: true },
  { name: 'ValueError reading the port', code: "import sys\nsys.argv = ['x', 'localhost']\nport = int(sys.argv[1])\n", fromFile: true },
  { name: 'IndexError reading sys.argv', code: "import sys\nport = int(sys.argv[1])\n", fromFile: true },
  { name: 'socket used after wrap_socket', code: "import socket, ssl\ns = socket.socket()\ntls = ssl.create_default_context().wrap_socket(s, server_hostname='localhost', do_handshake_on_connect=False)\ns.send(b'MAIL FROM:<a@b>')" },
  { name: 'Python 2', code: 'print "hello"' },
  { name: 'IndentationError', code: 'if True:\nprint(1)' },
  { name: 'recvfrom tuple decoded', code: "(b'x', ('127.0.0.1', 1)).decode()" },
  { name: 'str where bytes are needed', code: "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.sendto('hi', ('127.0.0.1', 9))" },
  { name: 'str where bytes are needed', code: "b'HELLO ' + 'world'" },
  { name: 'int where bytes are needed', code: "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.sendto(3, ('127.0.0.1', 9))" },
  { name: 'truncated UTF-8', code: "'é'.encode()[:1].decode()" },
  { name: 'UnicodeDecodeError', code: "b'\\xff'.decode()" },
  { name: 'ConnectionRefusedError', code: "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\np = s.getsockname()[1]\ns.close()\nsocket.create_connection(('127.0.0.1', p))" },
  { name: 'ConnectionResetError', code: "import socket, struct\nl = socket.socket()\nl.bind(('127.0.0.1', 0))\nl.listen()\nc = socket.create_connection(l.getsockname())\nc.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))\ns, _ = l.accept()\nc.close()\ns.recv(10)" },
  { name: 'socket.gaierror', code: "import socket\nsocket.getaddrinfo('no-such-host.invalid', 1)" },
  { name: 'Address already in use', code: "import socket\na = socket.socket()\na.bind(('127.0.0.1', 0))\na.listen()\nb = socket.socket()\nb.bind(a.getsockname())" },
  { name: 'EOFError', code: 'input()' },
  { name: 'ValueError reading the port', code: "int('localhost')" },
  { name: 'NameError', code: 'socket(AF_INET, SOCK_DGRAM)' },
]

describe('hintForError, on what python3 really prints', () => {
  test.for(cases)('$name: $code', ({ name, code, fromFile }) => {
    expect(hintForError(stderrOf(code, fromFile))).toBe(hintNamed(name))
  })

  test('a clean run, or an error no entry knows, has no hint', () => {
    expect(hintForError('')).toBeUndefined()
    expect(hintForError(stderrOf("raise KeyError('x')"))).toBeUndefined()
  })

  test('every entry has a hint a beginner can act on, in sentence case without a final period', () => {
    for (const entry of KNOWN_ERRORS) expect(entry.hint).toMatch(/^[A-Za-z(].*[^.]$/)
  })
})
