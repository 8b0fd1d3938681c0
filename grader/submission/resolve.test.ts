import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { findAssignment } from '../assignments/load.js'
import { NotGradableError } from '../errors.js'
import { resolveSubmission } from './resolve.js'

const udp = findAssignment('uppercase-udp')!
const tcp = findAssignment('uppercase-tcp')!
const both = { server: true, client: true }

// Textbook-shaped programs, as students write them
const UDP_SERVER = `from socket import *
serverPort = 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
print("The server is ready to receive")
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    serverSocket.sendto(message.decode().upper().encode(), clientAddress)
`
const UDP_CLIENT = `from socket import *
clientSocket = socket(AF_INET, SOCK_DGRAM)
message = input('Input lowercase sentence:')
clientSocket.sendto(message.encode(), ('localhost', 12000))
modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
print(modifiedMessage.decode())
`
const TCP_SERVER = `import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 12000))
s.listen(1)
while True:
    conn, addr = s.accept()
    conn.send(conn.recv(1024).decode().upper().encode())
    conn.close()
`
const TCP_CLIENT = `from socket import *
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect(('localhost', 12000))
clientSocket.send(input('Input lowercase sentence:').encode())
print('From Server:', clientSocket.recv(1024).decode())
`
// A UDP client that binds its own port first, and a server whose comments and docstring talk of connect()
const BINDING_UDP_CLIENT = `from socket import *
s = socket(AF_INET, SOCK_DGRAM)
s.bind(('', 5000))
s.sendto(input().encode(), ('localhost', 12000))
print(s.recvfrom(2048)[0].decode())
`
const CHATTY_UDP_SERVER = `"""Clients connect() here and sendto() us"""
from socket import *
# clientSocket.connect(('localhost', 12000)) would be the client
s = socket(AF_INET, SOCK_DGRAM)
s.bind(('', 12000))
print('call sendto() to reach me')
while 1:
    m, a = s.recvfrom(2048)
    s.sendto(m.upper(), a)
`
const PYTHON2_UDP_SERVER = `from socket import *
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', 12000))
print "The server is ready to receive"
while 1:
    message, clientAddress = serverSocket.recvfrom(2048)
    serverSocket.sendto(message.upper(), clientAddress)
`
// "Billion laughs": each line a list of nine aliases of the line above, 9^9 values once expanded
const BILLION_LAUGHS = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n') + '\n'
const NO_SOCKET = 'def shout(text):\n    return text.upper()\n'

function submission(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-resolve-'))
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, dirname(file)), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  return dir
}

const files = (names: Record<string, string>) => names

describe('resolveSubmission finds Python programs', () => {
  test.each([
    { name: 'the names the assignment gives', files: files({ 'UDPServer.py': UDP_SERVER, 'UDPClient.py': UDP_CLIENT, 'notes.txt': '' }), server: 'UDPServer.py', client: 'UDPClient.py' },
    { name: 'other letter case', files: files({ 'udpServer.py': UDP_SERVER, 'UDPCLIENT.py': UDP_CLIENT }), server: 'udpServer.py', client: 'UDPCLIENT.py' },
    { name: 'UPD, a typo of UDP', files: files({ 'UDPServer.py': UDP_SERVER, 'UPDClient.py': UDP_CLIENT }), server: 'UDPServer.py', client: 'UPDClient.py' },
    { name: 'plain server.py and client.py', files: files({ 'server.py': UDP_SERVER, 'client.py': UDP_CLIENT }), server: 'server.py', client: 'client.py' },
    { name: 'snake case, transport first or last', files: files({ 'Server_UDP.py': UDP_SERVER, 'udp_client.py': UDP_CLIENT }), server: 'Server_UDP.py', client: 'udp_client.py' },
    { name: 'Spanish names', files: files({ 'servidor.py': UDP_SERVER, 'cliente.py': UDP_CLIENT }), server: 'servidor.py', client: 'cliente.py' },
    { name: 'short names', files: files({ 'udpServ.py': UDP_SERVER, 'udp_cli.py': UDP_CLIENT }), server: 'udpServ.py', client: 'udp_cli.py' },
    { name: 'a non-ASCII folder', files: files({ 'práctica 2/servidor_udp.py': UDP_SERVER, 'práctica 2/cliente_udp.py': UDP_CLIENT }), server: 'práctica 2/servidor_udp.py', client: 'práctica 2/cliente_udp.py' },
    { name: 'Cyrillic file names', files: files({ 'лаб2/UDPServer сервер.py': UDP_SERVER, 'лаб2/UDPClient.py': UDP_CLIENT }), server: 'лаб2/UDPServer сервер.py', client: 'лаб2/UDPClient.py' },
    { name: 'three folders deep', files: files({ 'alice/lab2/src/UDPServer.py': UDP_SERVER, 'alice/lab2/src/UDPClient.py': UDP_CLIENT }), server: 'alice/lab2/src/UDPServer.py', client: 'alice/lab2/src/UDPClient.py' },
    {
      name: 'the shallowest copy, skipping __MACOSX, .git, venv, __pycache__ and hidden folders',
      files: files({
        '__MACOSX/UDPServer.py': UDP_SERVER,
        '.git/UDPClient.py': UDP_CLIENT,
        'venv/server.py': UDP_SERVER,
        '__pycache__/client.py': UDP_CLIENT,
        '.idea/server.py': UDP_SERVER,
        'node_modules/client.py': UDP_CLIENT,
        'lab2/old/UDPServer.py': UDP_SERVER,
        'lab2/UDPServer.py': UDP_SERVER,
        'lab2/UDPClient.py': UDP_CLIENT,
      }),
      server: 'lab2/UDPServer.py',
      client: 'lab2/UDPClient.py',
    },
    { name: 'the transport in the name', files: files({ 'TCPServer.py': TCP_SERVER, 'UDPServer.py': UDP_SERVER, 'TCPClient.py': TCP_CLIENT, 'UDPClient.py': UDP_CLIENT }), server: 'UDPServer.py', client: 'UDPClient.py' },
    { name: 'the transport in a folder name', files: files({ 'TCP/server.py': TCP_SERVER, 'UDP/server.py': UDP_SERVER, 'TCP/client.py': TCP_CLIENT, 'UDP/client.py': UDP_CLIENT }), server: 'UDP/server.py', client: 'UDP/client.py' },
    { name: 'several names, told apart by content', files: files({ 'server1.py': TCP_SERVER, 'server2.py': UDP_SERVER, 'client1.py': TCP_CLIENT, 'client2.py': UDP_CLIENT }), server: 'server2.py', client: 'client2.py' },
    { name: 'no telling names: a.py and b.py', files: files({ 'a.py': UDP_CLIENT, 'b.py': UDP_SERVER }), server: 'b.py', client: 'a.py' },
    { name: 'part1.py and part2.py beside a helper', files: files({ 'part1.py': UDP_SERVER, 'part2.py': UDP_CLIENT, 'helpers.py': NO_SOCKET }), server: 'part1.py', client: 'part2.py' },
    { name: 'a client that binds, a server whose comments speak of connect()', files: files({ 'x.py': CHATTY_UDP_SERVER, 'y.py': BINDING_UDP_CLIENT }), server: 'x.py', client: 'y.py' },
    { name: 'Python 2 code, by content', files: files({ 'lab.py': PYTHON2_UDP_SERVER, 'UDPClient.py': UDP_CLIENT }), server: 'lab.py', client: 'UDPClient.py' },
    { name: 'files of both transports, unnamed: the assignment transport wins', files: files({ 'p1.py': TCP_SERVER, 'p2.py': UDP_SERVER, 'p3.py': TCP_CLIENT, 'p4.py': UDP_CLIENT }), server: 'p2.py', client: 'p4.py' },
    { name: 'a name saying both sides is decided by content', files: files({ 'client_server.py': UDP_SERVER, 'client.py': UDP_CLIENT }), server: 'client_server.py', client: 'client.py' },
    { name: 'preserve.py and decline.py say nothing by name', files: files({ 'decline.py': UDP_CLIENT, 'preserve.py': UDP_SERVER }), server: 'preserve.py', client: 'decline.py' },
  ])('$name', ({ files, server, client }) => {
    const resolved = resolveSubmission(submission(files), 's', udp, both)
    expect([resolved.server?.file, resolved.client?.file]).toEqual([server, client])
  })

  test('TCP names for a TCP assignment: tcpServer.py and TCPEchoServer.py', () => {
    const dir = submission({ 'tcpServer.py': TCP_SERVER, 'TCPEchoServer.py': TCP_SERVER, 'udpServer.py': UDP_SERVER, 'tcpClient.py': TCP_CLIENT })
    const resolved = resolveSubmission(dir, 's', tcp, both)
    expect([resolved.server?.file, resolved.client?.file]).toEqual(['tcpServer.py', 'tcpClient.py'])
  })

  test('a Python program runs with the assignment command from its own folder', () => {
    const resolved = resolveSubmission(submission({ 'lab2/UDPServer.py': UDP_SERVER, 'lab2/client/udp client.py': UDP_CLIENT }), 's', udp, both)
    expect(resolved).toEqual({
      server: { command: ['{python}', 'UDPServer.py', '{port}'], cwd: 'lab2', file: 'lab2/UDPServer.py', python: true },
      client: { command: ['{python}', 'udp client.py', '{host}', '{port}'], cwd: 'lab2/client', file: 'lab2/client/udp client.py', python: true },
      notes: ['server: lab2/UDPServer.py, chosen by name', 'client: lab2/client/udp client.py, chosen by name'],
    })
  })

  test.each([
    { name: 'by content', files: files({ 'udp_srv.py': UDP_SERVER, 'a.py': UDP_CLIENT }), note: 'server: udp_srv.py, chosen by content (binds a UDP socket and receives first)' },
    { name: 'by content, TCP', files: files({ 'main.py': TCP_SERVER, 'a.py': UDP_CLIENT }), note: 'server: main.py, chosen by content (listens on a TCP socket)' },
    { name: 'by name among copies', files: files({ 'lab2/old/UDPServer.py': UDP_SERVER, 'lab2/UDPServer.py': UDP_SERVER, 'a.py': UDP_CLIENT }), note: 'server: lab2/UDPServer.py, chosen by name over lab2/old/UDPServer.py (the shallowest)' },
    { name: 'by the transport in the name', files: files({ 'TCPServer.py': TCP_SERVER, 'UDPServer.py': UDP_SERVER, 'a.py': UDP_CLIENT }), note: 'server: UDPServer.py, chosen by name over TCPServer.py (its path says UDP, as the assignment)' },
    { name: 'by content among names', files: files({ 'server1.py': TCP_SERVER, 'server2.py': UDP_SERVER, 'a.py': UDP_CLIENT }), note: 'server: server2.py, chosen by name over server1.py (it uses UDP, as the assignment)' },
    { name: 'by name, doubted by content', files: files({ 'server.py': UDP_CLIENT, 'a.py': UDP_CLIENT }), note: 'server: server.py, chosen by name (but its code sends on a UDP socket before receiving, as a client does)' },
  ])('notes say how the server was chosen: $name', ({ files, note }) => {
    expect(resolveSubmission(submission(files), 's', udp, both).notes[0]).toBe(note)
  })

  test('only the sides that are needed are resolved', () => {
    expect(resolveSubmission(submission({ 'UDPServer.py': UDP_SERVER }), 's', udp, { server: true, client: false })).toEqual({
      server: { command: ['{python}', 'UDPServer.py', '{port}'], cwd: '', file: 'UDPServer.py', python: true },
      notes: ['server: UDPServer.py, chosen by name'],
    })
  })

  test.each([
    { name: 'a missing client, naming what is there', files: files({ 'UDPServer.py': UDP_SERVER, 'notes.txt': 'hi' }), message: 'Cannot find "UDPClient.py" in the submission (found: notes.txt, UDPServer.py)' },
    { name: 'a helper that is neither side', files: files({ 'UDPServer.py': UDP_SERVER, 'helpers.py': NO_SOCKET }), message: 'Cannot find "UDPClient.py" in the submission (found: helpers.py, UDPServer.py)' },
    { name: 'only a server, by content', files: files({ 'x.py': UDP_SERVER, 'y.py': UDP_SERVER }), message: 'Cannot find "UDPClient.py" in the submission (found: x.py, y.py)' },
  ])('$name: the server is graded, the client is missing with a line naming what is there', ({ files, message }) => {
    const resolved = resolveSubmission(submission(files), 's', udp, both)
    expect(resolved.server).toBeDefined()
    expect(resolved.client).toBeUndefined()
    expect(resolved.missing).toEqual({ client: message })
  })

  test('a missing server, with the client there, is graded for the client', () => {
    const resolved = resolveSubmission(submission({ 'UDPClient.py': UDP_CLIENT }), 's', udp, both)
    expect(resolved.client?.file).toBe('UDPClient.py')
    expect(resolved.missing).toEqual({ server: 'Cannot find "UDPServer.py" in the submission (found: UDPClient.py)' })
  })

  test.each([
    { name: 'an empty folder', files: files({}), message: 'Cannot find "UDPServer.py" and "UDPClient.py" in the submission (the folder is empty)' },
    {
      name: 'programs four folders deep',
      files: files({ 'a/b/c/d/UDPServer.py': UDP_SERVER, 'a/b/c/d/UDPClient.py': UDP_CLIENT }),
      message: 'Cannot find "UDPServer.py" and "UDPClient.py" in the submission (found UDPClient.py and UDPServer.py 4 folders deep (in a/b/c/d): programs are looked for at most 3 folders deep: move them up)',
    },
    {
      name: 'a server five folders deep beside a README',
      files: files({ 'README.md': '# UDP', 'a/b/c/d/e/UDPServer.py': UDP_SERVER }),
      message: 'Cannot find "UDPServer.py" and "UDPClient.py" in the submission (found UDPServer.py 5 folders deep (a/b/c/d/e/UDPServer.py): programs are looked for at most 3 folders deep: move it up; found: README.md)',
    },
    {
      name: 'a server named by its side, four folders deep',
      files: files({ 'w/x/y/z/udp_server.py': UDP_SERVER, 'w/x/y/z/notes.txt': '' }),
      message: 'Cannot find "UDPServer.py" and "UDPClient.py" in the submission (found udp_server.py 4 folders deep (w/x/y/z/udp_server.py): programs are looked for at most 3 folders deep: move it up)',
    },
    { name: 'a program deep in a virtualenv is no program', files: files({ '.venv/lib/python3/site-packages/UDPServer.py': UDP_SERVER }), message: 'Cannot find "UDPServer.py" and "UDPClient.py" in the submission (the folder is empty)' },
  ])('$name, with neither program, is not gradable', ({ files, message }) => {
    expect(() => resolveSubmission(submission(files), 's', udp, both)).toThrow(new NotGradableError(message))
  })

  test('a program that is a link leading nowhere is named as a link, not as an empty folder', () => {
    const dir = submission({})
    symlinkSync('../elsewhere/UDPServer.py', join(dir, 'UDPServer.py'))
    expect(() => resolveSubmission(dir, 's', udp, { server: true, client: false })).toThrow(
      new NotGradableError('Cannot find "UDPServer.py" in the submission (UDPServer.py is a link to a file outside the submission: links are not followed)'),
    )
  })

  test('the one side asked for, missing, is not gradable', () => {
    expect(() => resolveSubmission(submission({ 'UDPClient.py': UDP_CLIENT }), 's', udp, { server: true, client: false })).toThrow(new NotGradableError('Cannot find "UDPServer.py" in the submission (found: UDPClient.py)'))
  })

  test('a path that does not exist, or is a file, is not gradable and named as the user typed it', () => {
    expect(() => resolveSubmission('/nonexistent/alice', 'alice', udp, both)).toThrow(new NotGradableError('Cannot read the submission folder "alice": no such file or folder'))
    const file = join(submission({ 'UDPServer.py': UDP_SERVER }), 'UDPServer.py')
    expect(() => resolveSubmission(file, 'UDPServer.py', udp, both)).toThrow(new NotGradableError('The submission "UDPServer.py" is not a folder: give the folder that holds the program files'))
  })
})

describe('resolveSubmission reads sockgrade.yaml', () => {
  test('a string command, a list command and a build step', () => {
    const dir = submission({
      'UDPServer.java': 'class UDPServer {}',
      'UDPClient.java': 'class UDPClient {}',
      'sockgrade.yaml': 'build: javac *.java\nserver: java -cp . UDPServer {port}\nclient: [java, UDPClient, "{host}", "{port}"]\n',
    })
    expect(resolveSubmission(dir, 's', udp, both)).toEqual({
      server: { command: ['java', '-cp', '.', 'UDPServer', '{port}'], cwd: '', file: 'UDPServer.java', python: false },
      client: { command: ['java', 'UDPClient', '{host}', '{port}'], cwd: '', file: 'UDPClient.java', python: false },
      build: { shell: 'javac *.java', cwd: '' },
      notes: ['build: javac *.java, declared in sockgrade.yaml', 'server: java -cp . UDPServer {port}, declared in sockgrade.yaml', 'client: java UDPClient {host} {port}, declared in sockgrade.yaml'],
    })
  })

  test('in a subfolder, with a compiled program and a Python one', () => {
    const dir = submission({
      'lab/server.c': 'int main() {}',
      'lab/sockgrade.yml': 'build: gcc -o server server.c\nserver: ./server {port}\nclient: python3 client.py {host} {port}\n',
      'lab/client.py': UDP_CLIENT,
    })
    expect(resolveSubmission(dir, 's', udp, both)).toEqual({
      server: { command: ['./server', '{port}'], cwd: 'lab', file: 'lab/server.c', python: false },
      client: { command: ['{python}', 'client.py', '{host}', '{port}'], cwd: 'lab', file: 'lab/client.py', python: true },
      build: { shell: 'gcc -o server server.c', cwd: 'lab' },
      notes: ['build: gcc -o server server.c, declared in lab/sockgrade.yml', 'server: ./server {port}, declared in lab/sockgrade.yml', 'client: python3 client.py {host} {port}, declared in lab/sockgrade.yml'],
    })
  })

  test('a command that names no file is reported as itself', () => {
    const dir = submission({ 'sockgrade.yaml': 'server: ["{python}", -m, http.server, "{port}"]\n' })
    expect(resolveSubmission(dir, 's', udp, { server: true, client: false }).server).toEqual({
      command: ['{python}', '-m', 'http.server', '{port}'],
      cwd: '',
      file: '{python} -m http.server {port}',
      python: true,
    })
  })

  test('a side it does not declare is looked for as a Python file', () => {
    const dir = submission({ 'sockgrade.yaml': 'server: node server.js {port}\n', 'server.js': '', 'UDPClient.py': UDP_CLIENT })
    const resolved = resolveSubmission(dir, 's', udp, both)
    expect(resolved.client?.file).toBe('UDPClient.py')
    expect(resolved.notes).toEqual(['server: node server.js {port}, declared in sockgrade.yaml', 'client: UDPClient.py, chosen by name'])
  })

  test('a needed side neither declared nor found names both places', () => {
    const dir = submission({ 'sockgrade.yaml': 'server: node server.js {port}\n', 'server.js': '' })
    expect(resolveSubmission(dir, 's', udp, both).missing).toEqual({
      client: 'Cannot find "UDPClient.py" in the submission, and sockgrade.yaml declares no "client" command (found: server.js, sockgrade.yaml)',
    })
  })

  test.each([
    { name: 'an unknown key', yaml: 'server: node server.js {port}\nsever: x\n', errors: ['sockgrade.yaml:2:1: unknown top-level property "sever" (expected assignment, build, server or client)'] },
    { name: 'a number as a command', yaml: 'server: 12000\n', errors: ['sockgrade.yaml:1:9: /server must be a command: a line of words or a list of words'] },
    { name: 'an empty command', yaml: 'server: ""\nclient: []\n', errors: ['sockgrade.yaml:1:9: /server must not be empty', 'sockgrade.yaml:2:9: /client must not be empty'] },
    { name: 'a blank command', yaml: 'server: "   "\n', errors: ['sockgrade.yaml:1:9: /server must not be empty'] },
    { name: 'a list with a number', yaml: 'client: [node, client.js, localhost, 12000]\n', errors: ['sockgrade.yaml:1:38: /client/3 must be a string'] },
    { name: 'an unquoted placeholder in a list', yaml: 'client: [node, client.js, {host}, "{port}"]\n', errors: ['sockgrade.yaml:1:27: /client/2 must be a string: write "{host}" in quotes'] },
    { name: 'an unquoted placeholder alone', yaml: 'server: {port}\n', errors: ['sockgrade.yaml:1:9: /server must be a command: a line of words or a list of words: write "{port}" in quotes'] },
    {
      name: 'a command starting with a placeholder',
      yaml: 'server: {python} server.py {port}\n',
      errors: ['sockgrade.yaml:1:18: Unexpected scalar at node end: a command that starts with "{" must be in quotes, like server: "{python} server.py {port}"'],
    },
    { name: 'an unknown placeholder', yaml: 'server: node server.js {PORT}\nclient: [node, client.js, "{hostname}"]\n', errors: ['sockgrade.yaml:1:9: /server uses unknown placeholder "{PORT}": use {port}, {host} or {python}', 'sockgrade.yaml:2:27: /client uses unknown placeholder "{hostname}": use {port}, {host} or {python}'] },
    { name: 'a build that is a list', yaml: 'build: [javac, "*.java"]\nserver: java UDPServer {port}\n', errors: ['sockgrade.yaml:1:8: /build must be a string'] },
    { name: 'a duplicate key', yaml: 'server: a\nserver: b\n', errors: ['sockgrade.yaml:2:1: duplicate key "server"'] },
    { name: 'an empty file', yaml: '# nothing yet\n', errors: ['sockgrade.yaml:1:1: the file is empty: declare a "server" or "client" command'] },
    { name: 'an empty mapping', yaml: '{}\n', errors: ['sockgrade.yaml:1:1: declare a "server" or "client" command'] },
    { name: 'a list instead of a mapping', yaml: '- node server.js\n', errors: ['sockgrade.yaml:1:1: the file must be a mapping of keys to values'] },
    { name: 'a billion laughs', yaml: BILLION_LAUGHS, errors: ['sockgrade.yaml:5:8: alias "*d" brings the values aliases repeat past 10000: use fewer aliases'] },
    { name: 'an alias of no anchor', yaml: 'server: *cmd\n', errors: ['sockgrade.yaml:1:9: alias "*cmd" names no anchor before it: put "&cmd" on a value above it'] },
    { name: 'a list inside itself', yaml: 'server: &s [python3, *s]\n', errors: ['sockgrade.yaml:1:22: alias "*s" is inside the value it repeats: a value cannot contain itself'] },
    { name: 'lists opened 5,000 deep', yaml: `server: ${'['.repeat(5000)}\n`, errors: ['sockgrade.yaml:1:72: lists and mappings are nested more than 64 deep here: nest them less'] },
    { name: 'mappings opened 3,000 deep', yaml: `server: ${'{a: '.repeat(3000)}\n`, errors: ['sockgrade.yaml:1:261: lists and mappings are nested more than 64 deep here: nest them less'] },
    { name: 'a file of 200 KB', yaml: `server: python3 UDPServer.py ${'x'.repeat(200_000)}\n`, errors: ['sockgrade.yaml:1:1: the file is larger than 16 KB, the most sockgrade reads'] },
    { name: 'a duplicate key of 5,000 characters', yaml: `? ${'k'.repeat(5000)}\n: 1\n? ${'k'.repeat(5000)}\n: 2\n`, errors: [`sockgrade.yaml:3:3: duplicate key "${'k'.repeat(200)}…"`] },
    { name: 'an unknown placeholder of 10,000 characters', yaml: `server: x {${'p'.repeat(10_000)}}\n`, errors: [`sockgrade.yaml:1:9: /server uses unknown placeholder "{${'p'.repeat(199)}…": use {port}, {host} or {python}`] },
    {
      name: '30 duplicate keys: the first ten, and a count of the rest',
      yaml: 'server: a\n'.repeat(31),
      errors: [...Array.from({ length: 10 }, (_, i) => `sockgrade.yaml:${i + 2}:1: duplicate key "server"`), '… and 20 more problems in the file'],
    },
  ])('$name is not gradable, with file:line:col', ({ yaml, errors }) => {
    const dir = submission({ 'sockgrade.yaml': yaml, 'UDPServer.py': UDP_SERVER, 'UDPClient.py': UDP_CLIENT })
    expect(() => resolveSubmission(dir, 's', udp, both)).toThrow(new NotGradableError(errors.join('\n')))
  })
})
