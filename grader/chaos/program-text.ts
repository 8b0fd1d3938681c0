import type { Assignment } from '../assignments/assignment.js'
import { behaviourNamed, type Point, type Role } from './behaviours.js'

/** One behaviour placed at one point of a program's life */
export interface Injection {
  readonly behaviour: string
  readonly variant: string
  readonly point: Point
}

const POINTS: readonly Point[] = ['start', 'bound', 'request', 'replied', 'exit']

// Every generated program re-execs itself once with the token of token.txt as its last argument, so each of its
// processes (forked children inherit the command line) shows it in /proc/PID/cmdline, where survivors are looked
// for without trusting the grader (as grader/sandbox/hostile.test.ts does). sys.orig_argv keeps how it was started
// (the port shim in host mode); /proc/self/exe, since the student's uid may not reach sys.executable's path
const PRELUDE = `import os, sys, time, signal, threading
TOKEN = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "token.txt")).read().strip()
if sys.argv[-1] != TOKEN:
    os.execv("/proc/self/exe", sys.orig_argv + [TOKEN])
del sys.argv[-1]
from socket import *

DONE = set()


def sleep_forever():
    while True:
        time.sleep(3600)


def to_devnull():
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)


def close_stdio():
    for fd in (0, 1, 2):
        try:
            os.close(fd)
        except OSError:
            pass
    sys.stdin = open(os.devnull)
    sys.stdout = sys.stderr = open(os.devnull, 'w')


def flood(fd, chunks):
    chunk = b'flood ' * 10922 + b'\\n'
    sent = 0
    while chunks is None or sent < chunks:
        os.write(fd, chunk)
        sent += 1


def start_threads(count, daemon):
    for _ in range(count):
        threading.Thread(target=sleep_forever, daemon=daemon).start()


def read_stdin_forever():
    while True:
        if not os.read(0, 4096):
            time.sleep(0.05)
`

// The Python source of one generated program: the textbook program of the assignment with the behaviours' hooks
export function programText(assignment: Assignment, role: Role, injections: readonly Injection[], header: string): string {
  const hooks = POINTS.map((point) => hookFunction(point, injections.filter((i) => i.point === point), assignment.transport))
  const main = role === 'server' ? serverMain(assignment) : clientMain(assignment)
  return [`# ${header}`, PRELUDE, ...hooks, transformFunction(assignment), main].join('\n\n\n') + '\n'
}

function hookFunction(point: Point, injections: readonly Injection[], transport: 'udp' | 'tcp'): string {
  const lines = injections.flatMap((i) => behaviourNamed(i.behaviour).body(i.variant, transport))
  return [`def at_${point}():`, ...(lines.length > 0 ? lines : ['pass']).map((l) => `    ${l}`)].join('\n')
}

function transformFunction(assignment: Assignment): string {
  const result = assignment.answer === 'uppercase' ? 'text.upper()' : "str(text.lower().count('s'))"
  return `def transform(text):\n    return ${result}`
}

// A server gets SIGTERM when the grader stops it: that is its exit point
function serverMain(a: Assignment): string {
  const socketType = a.transport === 'udp' ? 'SOCK_DGRAM' : 'SOCK_STREAM'
  const head = [
    `def on_term(signum, frame):`,
    `    at_exit()`,
    `    os._exit(0)`,
    ``,
    ``,
    `signal.signal(signal.SIGTERM, on_term)`,
    `serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else ${a.port}`,
    `at_start()`,
    `serverSocket = socket(AF_INET, ${socketType})`,
    `serverSocket.bind(('', serverPort))`,
    ...(a.transport === 'tcp' ? ['serverSocket.listen(1)'] : []),
    `at_bound()`,
    `print('Server ready on ${a.transport.toUpperCase()} port', serverPort)`,
    `while True:`,
  ]
  if (a.transport === 'udp') {
    return [...head, '    message, clientAddress = serverSocket.recvfrom(2048)', '    at_request()', '    serverSocket.sendto(transform(message.decode()).encode(), clientAddress)', '    at_replied()'].join('\n')
  }
  if (a.session === 'single') {
    return [
      ...head,
      '    connectionSocket, addr = serverSocket.accept()',
      '    sentence = connectionSocket.recv(1024).decode()',
      '    at_request()',
      '    connectionSocket.send(transform(sentence).encode())',
      '    connectionSocket.close()',
      '    at_replied()',
    ].join('\n')
  }
  return [
    ...head,
    '    connectionSocket, addr = serverSocket.accept()',
    "    lines = connectionSocket.makefile('r', encoding='utf-8', newline='\\n')",
    '    for line in lines:',
    '        at_request()',
    '        connectionSocket.send(transform(line).encode())',
    '        at_replied()',
    '    lines.close()',
    '    connectionSocket.close()',
  ].join('\n')
}

function clientMain(a: Assignment): string {
  const head = [`serverName = sys.argv[1] if len(sys.argv) > 1 else '${a.host}'`, `serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else ${a.port}`, 'at_start()']
  if (a.transport === 'udp') {
    const exchange = [
      'at_request()',
      'clientSocket.sendto(message.encode(), (serverName, serverPort))',
      'modifiedMessage, serverAddress = clientSocket.recvfrom(2048)',
      'print(modifiedMessage.decode())',
      'at_replied()',
    ]
    const body =
      a.session === 'single'
        ? ["message = input('Input lowercase sentence:')", ...exchange]
        : ['while True:', '    try:', "        message = input('Input lowercase sentence:')", '    except EOFError:', '        break', ...exchange.map((l) => `    ${l}`)]
    return [...head, 'clientSocket = socket(AF_INET, SOCK_DGRAM)', 'at_bound()', ...body, 'clientSocket.close()', 'at_exit()'].join('\n')
  }
  const connect = ['clientSocket = socket(AF_INET, SOCK_STREAM)', 'clientSocket.connect((serverName, serverPort))', 'at_bound()']
  if (a.session === 'single') {
    return [
      ...head,
      ...connect,
      "sentence = input('Input lowercase sentence:')",
      'at_request()',
      'clientSocket.send(sentence.encode())',
      'modifiedSentence = clientSocket.recv(1024)',
      "print('From Server:', modifiedSentence.decode())",
      'at_replied()',
      'clientSocket.close()',
      'at_exit()',
    ].join('\n')
  }
  return [
    ...head,
    ...connect,
    "replies = clientSocket.makefile('r', encoding='utf-8', newline='\\n')",
    'while True:',
    '    try:',
    "        sentence = input('Input lowercase sentence:')",
    '    except EOFError:',
    '        break',
    '    at_request()',
    "    clientSocket.send((sentence + '\\n').encode())",
    "    print('From Server:', replies.readline().rstrip('\\n'))",
    '    at_replied()',
    'replies.close()',
    'clientSocket.close()',
    'at_exit()',
  ].join('\n')
}
