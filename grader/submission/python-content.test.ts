import { describe, expect, test } from 'vitest'
import { nameSide, pathTransport } from './file-names.js'
import { classifyPython, stripCommentsAndStrings } from './python-content.js'

describe('classifyPython', () => {
  test.each([
    { name: 'UDP server', code: 's = socket(AF_INET, SOCK_DGRAM)\ns.bind(("", 12000))\nm, a = s.recvfrom(2048)\ns.sendto(m, a)', side: 'server', transport: 'udp', reason: 'binds a UDP socket and receives first' },
    { name: 'UDP client', code: 's = socket(AF_INET, SOCK_DGRAM)\ns.sendto(b"x", ("localhost", 12000))\ns.recvfrom(2048)', side: 'client', transport: 'udp', reason: 'sends on a UDP socket before receiving' },
    { name: 'UDP client using connect', code: 's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.connect(("h", 1))\ns.send(b"x")', side: 'client', transport: 'udp', reason: 'connects a UDP socket' },
    { name: 'TCP server', code: 's = socket(AF_INET, SOCK_STREAM)\ns.bind(("", 1))\ns.listen(1)\nc, a = s.accept()', side: 'server', transport: 'tcp', reason: 'listens on a TCP socket' },
    { name: 'TCP client, default socket type', code: 's = socket.socket()\ns.connect(("h", 1))', side: 'client', transport: 'tcp', reason: 'connects a TCP socket' },
    { name: 'create_connection', code: 'import socket\ns = socket.create_connection(("h", 1))', side: 'client', transport: 'tcp', reason: 'connects a TCP socket' },
    { name: 'socketserver UDP', code: 'with socketserver.UDPServer(("", 1), H) as s:\n    s.serve_forever()', side: 'server', transport: 'udp', reason: 'serves on a UDP socket' },
    { name: 'bind only', code: 's = socket(AF_INET, SOCK_DGRAM)\ns.bind(("", 1))\nwhile 1: s.recv(10)', side: 'server', transport: 'udp', reason: 'binds a UDP socket' },
    { name: 'no socket', code: 'print(input().upper())', side: undefined, transport: undefined, reason: 'opens no socket' },
    { name: 'calls only in comments and strings', code: '# s.listen(1)\nprint("s.connect(x)")\n"""\ns.recvfrom(1)\n"""', side: undefined, transport: undefined, reason: 'opens no socket' },
  ])('$name', ({ code, side, transport, reason }) => {
    expect(classifyPython(code)).toEqual({ side, transport, reason })
  })
})

describe('stripCommentsAndStrings', () => {
  test.each([
    ['x = 1  # bind(', 'x = 1  '],
    ["print('it''s # not a comment') # a comment", "print('''') "],
    ['s = "a \\" # b"; t = 1', 's = ""; t = 1'],
    ["'''doc\nbind(\n''' + f'{x}'", "'''''' + f''"],
    ['"unterminated\nnext()', '""\nnext()'],
  ])('%j', (source, stripped) => {
    expect(stripCommentsAndStrings(source)).toBe(stripped)
  })
})

describe('file names', () => {
  test.each([
    ['UDPServer.py', 'server'], ['udpServer.py', 'server'], ['TCPEchoServer.py', 'server'], ['Server_UDP.py', 'server'], ['servidor.py', 'server'],
    ['udpserv.py', 'server'], ['myServ.py', 'server'], ['UPDClient.py', 'client'], ['UDPCLIENT.py', 'client'], ['cliente_udp.py', 'client'],
    ['cli.py', 'client'], ['client_server.py', 'both'], ['part1.py', undefined], ['preserve.py', undefined], ['decline.py', undefined],
  ])('%s plays %s', (name, side) => {
    expect(nameSide(name)).toBe(side)
  })

  test.each([
    ['UDPServer.py', 'udp'], ['UPDClient.py', 'udp'], ['lab/TCP/server.py', 'tcp'], ['udp-tcp/server.py', undefined], ['tcp/udp_server.py', 'udp'], ['update_server.py', undefined], ['server.py', undefined],
  ])('%s names %s', (path, transport) => {
    expect(pathTransport(path)).toBe(transport)
  })
})
