import { createInterface } from 'node:readline'
import type { Assignment } from '../assignments/assignment.js'
import { bundledAssignments, findAssignment } from '../assignments/load.js'
import { UsageError } from '../errors.js'
import { inputsFor } from '../inputs/inputs.js'
import { runPeerBrowser } from '../peer-cli/peer-browser.js'
import { runPeerClient } from '../peer-cli/peer-client.js'
import { runPeerOrigin } from '../peer-cli/peer-origin.js'
import { runPeerServer } from '../peer-cli/peer-server.js'
import { seededRandom } from '../random.js'
import type { CliIo } from './io.js'
import { numberOption, parseCommandArgs } from './options.js'

export const PEER_USAGE = `Usage:
  sockgrade peer server --assignment <id> [--port <n>] [--dialogue <name>]
  sockgrade peer client --assignment <id> [host] [port] [options]

Build one half of an assignment before the other: the grader plays the half you have not written.

  peer server   runs the grader's own correct server and prints every exchange as it happens; for a
                client that speaks a protocol (smtp-client) it plays the server's side of the dialogue;
                for a proxy (web-proxy) it is the web server behind it, printing each request
  peer client   sends sentences to your server and says, for each reply, whether it is right;
                it sends lines from standard input when they are piped in (or with --stdin),
                else seeded sentences

Options:
  -a, --assignment <id>   the assignment (see: sockgrade list)
  -p, --port <n>          peer server: the port to listen on (default: the assignment's, 12000 for the textbook pairs)
  --dialogue <name>       peer server: play another of the assignment's client dialogues (rcpt-rejected)
  --stdin                 peer client: send the lines typed on standard input
  --count <n>             peer client: how many seeded sentences to send (default 5)
  --seed <n>              peer client: which sentences (the same seed, the same sentences)
  -h, --help              show this help

Examples:
  sockgrade peer server -a uppercase-udp
  sockgrade peer server -a smtp-client --port 2525
  sockgrade peer server -a web-proxy --port 8080
  sockgrade peer client -a uppercase-tcp 127.0.0.1 12000
  echo "hello there" | sockgrade peer client -a count-s-udp

Exit codes: peer client 0 every reply right, 1 a reply wrong or missing, 2 bad usage;
Ctrl-C stops either (exit 130).
`

// `sockgrade peer server|client`: the grader as the other half of a student's assignment; returns the exit code
export async function peerCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
      assignment: { type: 'string', short: 'a' },
      port: { type: 'string', short: 'p' },
      stdin: { type: 'boolean' },
      count: { type: 'string' },
      seed: { type: 'string' },
      dialogue: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    })
  if (values.help) {
    io.stdout.write(PEER_USAGE)
    return 0
  }
  const [role, ...rest] = positionals
  if (role !== 'server' && role !== 'client') throw new UsageError(role === undefined ? 'Missing "server" or "client": sockgrade peer server|client --assignment <id>' : `Expected "server" or "client", got "${role}"`)
  if (!values.assignment) throw new UsageError('Missing --assignment <id> (see: sockgrade list)')
  const assignment = findAssignment(values.assignment)
  if (!assignment) throw new UsageError(`Unknown assignment "${values.assignment}" (known: ${[...bundledAssignments().keys()].join(', ')})`)
  const write = (line: string) => io.stdout.write(`${line}\n`)
  if (role === 'server') {
    if (rest.length) throw new UsageError(`Unexpected "${rest[0]}": peer server takes --port <n>`)
    for (const flag of ['stdin', 'count', 'seed'] as const) if (values[flag] !== undefined) throw new UsageError(`--${flag} is for peer client`)
    // A proxy's peer is the web server behind it, on the origin's port (80)
    const port = portOption('--port', values.port) ?? assignment.origin?.port ?? assignment.port
    const dialogue = values.dialogue
    if (dialogue !== undefined && !Object.hasOwn(assignment['client-dialogues'] ?? {}, dialogue)) {
      const known = Object.keys(assignment['client-dialogues'] ?? {})
      throw new UsageError(`No dialogue "${dialogue}" in ${assignment.id} (${known.length ? `known: ${known.join(', ')}` : 'it has none but its own'})`)
    }
    const serve = assignment.origin ? runPeerOrigin({ assignment, port, write }) : runPeerServer({ assignment, port, write, ...(dialogue === undefined ? {} : { dialogue }) })
    await serve.catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') throw new UsageError(`Port ${port} is in use (is your own server running?): stop it, or choose another with --port`)
      if (error.code === 'EACCES') throw new UsageError(`Port ${port} needs privileges: choose one above 1023 with --port`)
      throw error
    })
    return 0
  }
  if (values.dialogue !== undefined) throw new UsageError('--dialogue is for peer server')
  // The browser's side of a proxy would send the student's proxy to real web sites: the origin is what is played
  if (assignment.origin) throw new UsageError(`${assignment.id} has no peer client: run "sockgrade peer server -a ${assignment.id}" for the web server behind your proxy, and ask your proxy with a browser or curl`)
  if (!assignment.server) throw new UsageError(`${assignment.id} has no server for you to write, so there is nothing for peer client to ask: run sockgrade peer server -a ${assignment.id} and point your client at it`)
  if (values.port !== undefined) throw new UsageError('peer client takes the port as its second argument: sockgrade peer client -a <id> [host] [port]')
  if (rest.length > 2) throw new UsageError(`Expected at most a host and a port, got ${rest.length} arguments`)
  const host = rest[0] ?? '127.0.0.1'
  const port = portOption('port', rest[1]) ?? assignment.port
  const seeded = values.seed !== undefined || values.count !== undefined
  if (values.stdin && seeded) throw new UsageError('--stdin sends typed lines: leave out --seed and --count')
  const fromStdin = values.stdin === true || (!seeded && process.stdin.isTTY !== true)
  // Standard input that is not a terminal but empty (a script, CI, </dev/null): seeded sentences, as without it
  const lines = fromStdin ? orWhenEmpty(stdinLines(), values.stdin === true ? [] : () => seededInputs(assignment, values.seed, values.count)) : seededInputs(assignment, values.seed, values.count)
  if (assignment.files) {
    // A web server's client is a browser: it asks for the files the grader would write, and a missing one
    const paths = fromStdin ? orWhenEmpty(stdinLines(), values.stdin === true ? [] : () => browserPaths(assignment)) : browserPaths(assignment)
    if (fromStdin && process.stdin.isTTY) io.stderr.write('Type a file name (HelloWorld.html) and press Enter; Ctrl-D to finish\n')
    io.stderr.write(`Asking http://${host}:${port}/ (${assignment.id}); the files must be in your server's folder\n`)
    const result = await runPeerBrowser({ assignment, host, port, paths, write })
    return result.sent === 0 ? 2 : result.right === result.sent ? 0 : 1
  }
  if (fromStdin && process.stdin.isTTY) io.stderr.write('Type a sentence and press Enter; Ctrl-D to finish\n')
  io.stderr.write(`Asking ${assignment.transport}://${host}:${port} (${assignment.id})\n`)
  const result = await runPeerClient({ assignment, host, port, sentences: lines, write })
  if (result.sent === 0) return 2
  return result.right === result.sent ? 0 : 1
}

// The files an HTTP assignment serves, then one that is not there
function browserPaths(assignment: Assignment): string[] {
  return [...(assignment.files ?? []).map((f) => f.name), 'no-such-file.html']
}

function seededInputs(assignment: Assignment, seedText: string | undefined, countText: string | undefined): string[] {
  const seed = numberOption('--seed', seedText, { min: 0, max: 2 ** 31 - 1, integer: true }) ?? Math.floor(Math.random() * 1_000_000)
  const count = numberOption('--count', countText, { min: 1, max: 1000, integer: true }) ?? 5
  return inputsFor(assignment).draw(seededRandom(seed, `peer-client:${assignment.id}`), count)
}

// The lines of `first`; when it had none, those of `otherwise`
async function* orWhenEmpty(first: AsyncIterable<string>, otherwise: readonly string[] | (() => readonly string[])): AsyncIterable<string> {
  let any = false
  for await (const line of first) {
    any = true
    yield line
  }
  if (!any) yield* typeof otherwise === 'function' ? otherwise() : otherwise
}

// Lines typed or piped on standard input, as they come
async function* stdinLines(): AsyncIterable<string> {
  const reader = createInterface({ input: process.stdin, terminal: false })
  try {
    for await (const line of reader) yield line
  } finally {
    reader.close()
  }
}

function portOption(name: string, value: string | undefined): number | undefined {
  return numberOption(name, value, { min: 1, max: 65_535, integer: true })
}
