/** Which program of a submission a behaviour goes into */
export type Role = 'server' | 'client'

/**
 * Where in a program's life a behaviour runs: `start` before its socket exists, `bound` right after bind (and
 * listen) on a server or after creating (and connecting) its socket on a client, `request` before each reply
 * (a server) or before each send (a client), `replied` after each reply or printed answer, `exit` when a server
 * gets SIGTERM or a client has closed its socket
 */
export type Point = 'start' | 'bound' | 'request' | 'replied' | 'exit'

/** A hostile behaviour, as Python statements that run inside one of the program's hook functions */
export interface Behaviour {
  readonly name: string
  readonly roles: readonly Role[]
  readonly points: readonly Point[]
  /** Ways to do it; one is picked per injection */
  readonly variants: readonly string[]
  /** The statements, for a transport and a variant; they may use the helpers of program-text.ts */
  readonly body: (variant: string, transport: 'udp' | 'tcp') => string[]
}

const ALL: readonly Point[] = ['start', 'bound', 'request', 'replied', 'exit']
const BOTH: readonly Role[] = ['server', 'client']
const ONCE = (key: string, lines: string[]): string[] => [`if '${key}' not in DONE:`, `    DONE.add('${key}')`, ...lines.map((l) => `    ${l}`)]

// The catalog (issue 6): each entry is one thing hostile programs do, written so that a program with it is still
// otherwise the textbook program, and so that what it does depends only on the grader (no races of its own)
export const behaviours: readonly Behaviour[] = [
  {
    name: 'fork',
    roles: BOTH,
    points: ALL,
    variants: ['child-sleeps'],
    // The child keeps every descriptor (sockets, stdio pipes) and sleeps; the parent carries on
    body: () => ['if os.fork() == 0:', '    sleep_forever()'],
  },
  {
    name: 'double-fork',
    roles: BOTH,
    points: ALL,
    variants: ['quiet', 'keeps-stdio'],
    // An orphaned grandchild, re-parented to init (or the sandbox's PID 1), sleeping
    body: (variant) => [
      '_child = os.fork()',
      'if _child == 0:',
      '    if os.fork() == 0:',
      ...(variant === 'quiet' ? ['        to_devnull()'] : []),
      '        sleep_forever()',
      '    os._exit(0)',
      'os.waitpid(_child, 0)',
    ],
  },
  {
    name: 'setsid-daemon',
    roles: BOTH,
    points: ['start', 'bound', 'request', 'exit'],
    variants: ['first-sleeps', 'first-exits'],
    // Double fork and setsid: the detached grandchild carries on with the program; the first process sleeps or exits
    body: (variant) =>
      ONCE('daemon', [
        'if os.fork() > 0:',
        variant === 'first-sleeps' ? '    sleep_forever()' : '    os._exit(0)',
        'os.setsid()',
        'if os.fork() > 0:',
        '    os._exit(0)',
      ]),
  },
  {
    name: 'stdio-holder',
    roles: BOTH,
    points: ALL,
    variants: ['setsid', 'same-group'],
    // A descendant that keeps stdout and stderr open after the program itself is gone
    body: (variant) => ['if os.fork() == 0:', ...(variant === 'setsid' ? ['    os.setsid()'] : []), '    sleep_forever()'],
  },
  {
    name: 'closed-stdio',
    roles: BOTH,
    points: ['start', 'bound', 'request'],
    variants: ['closed'],
    body: () => ['close_stdio()'],
  },
  {
    name: 'ignore-sigterm',
    roles: BOTH,
    points: ['start', 'bound', 'request'],
    variants: ['term-int-hup'],
    body: () => ['for _sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):', '    signal.signal(_sig, signal.SIG_IGN)'],
  },
  {
    name: 'never-answer',
    roles: ['server'],
    points: ['bound'],
    variants: ['reads'],
    // Reads every request and answers none (a TCP server keeps each connection open)
    body: (_, transport) =>
      transport === 'udp'
        ? ['while True:', '    serverSocket.recvfrom(65535)']
        : ['_held = []', 'while True:', '    _conn, _addr = serverSocket.accept()', '    _conn.recv(65536)', '    _held.append(_conn)'],
  },
  {
    name: 'accept-never-read',
    roles: ['server'],
    points: ['bound'],
    variants: ['holds'],
    // TCP: accepts every connection and never reads from it; UDP: never reads a datagram
    body: (_, transport) => (transport === 'udp' ? ['sleep_forever()'] : ['_held = []', 'while True:', '    _held.append(serverSocket.accept()[0])']),
  },
  {
    name: 'answer-then-exit',
    roles: ['server'],
    points: ['replied'],
    variants: ['code-0', 'code-1'],
    body: (variant) => [`sys.exit(${variant === 'code-0' ? 0 : 1})`],
  },
  {
    name: 'exit-at-once',
    roles: BOTH,
    points: ['start', 'bound', 'request', 'exit'],
    variants: ['code-0', 'code-3'],
    body: (variant) => [`os._exit(${variant === 'code-0' ? 0 : 3})`],
  },
  {
    name: 'output-flood',
    roles: BOTH,
    points: ALL,
    variants: ['stdout-1mib', 'stderr-1mib', 'stdout-forever', 'stderr-forever'],
    body: (variant) => [`flood(${variant.startsWith('stdout') ? 1 : 2}, ${variant.endsWith('forever') ? 'None' : 16})`],
  },
  {
    name: 'many-threads',
    roles: BOTH,
    points: ALL,
    variants: ['24-daemon', '64-daemon', '24-blocking', '64-blocking'],
    // Blocking threads keep the process from ever ending on its own
    body: (variant) => ONCE('threads', [`start_threads(${parseInt(variant, 10)}, daemon=${variant.endsWith('daemon') ? 'True' : 'False'})`]),
  },
  {
    name: 'read-stdin',
    roles: BOTH,
    points: ['start', 'bound', 'request', 'exit'],
    variants: ['until-eof', 'forever'],
    body: (variant) => (variant === 'until-eof' ? ['sys.stdin.read()'] : ['read_stdin_forever()']),
  },
  {
    name: 'never-send',
    roles: ['client'],
    points: ['bound', 'request'],
    variants: ['waits-for-reply'],
    // Waits for an answer to a question it never asked, then sleeps
    body: (_, transport) => [transport === 'udp' ? 'clientSocket.recvfrom(2048)' : 'clientSocket.recv(1024)', 'sleep_forever()'],
  },
  {
    name: 'sleep-forever',
    roles: BOTH,
    points: ALL,
    variants: ['sleeps'],
    body: () => ['sleep_forever()'],
  },
]

// The catalog entry of a name
export function behaviourNamed(name: string): Behaviour {
  const found = behaviours.find((b) => b.name === name)
  if (!found) throw new Error(`Unknown chaos behaviour "${name}"`)
  return found
}
