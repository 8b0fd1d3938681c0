import { looksLikePython2, withoutShimLines } from '../process/describe-exit.js'

/** One error beginners hit, recognised in what the program wrote to stderr, and the hint that fixes it */
interface KnownError {
  readonly name: string
  readonly matches: (stderr: string) => boolean
  readonly hint: string
}

const has = (pattern: RegExp) => (stderr: string) => pattern.test(stderr)

// First match wins: the more specific entries come before the general ones
export const KNOWN_ERRORS: readonly KnownError[] = [
  {
    name: 'Python 2',
    matches: looksLikePython2,
    hint: 'Write print(...) with parentheses and input() instead of raw_input(), then run the program with python3 to check',
  },
  {
    name: 'IndentationError',
    matches: has(/^(IndentationError|TabError): /m),
    hint: 'Indent every line of a block by the same amount (4 spaces per level), and do not mix tabs and spaces',
  },
  {
    name: 'socket used after wrap_socket',
    matches: has(/OSError: \[Errno 9\] Bad file descriptor/),
    hint: "The socket was used after it was closed, or after ssl's wrap_socket() took it over: do not use a socket after close(), and after wrap_socket() send and receive only on the socket it returns (clientSocket = context.wrap_socket(clientSocket, server_hostname=mailserver))",
  },
  {
    name: 'recvfrom tuple decoded',
    matches: has(/AttributeError: 'tuple' object has no attribute 'decode'/),
    hint: 'recvfrom() returns a pair (bytes, address): unpack it first (message, address = sock.recvfrom(2048)), then decode message; over TCP use recv(), which returns the bytes alone',
  },
  {
    name: 'str where bytes are needed',
    matches: has(/TypeError: a bytes-like object is required, not 'str'|TypeError: (string argument without an encoding|can't concat str to bytes|can only concatenate str \(not "bytes"\))/),
    hint: 'Sockets send and receive bytes: encode() a str before sending (sentence.encode()), and decode() the bytes after receiving (reply.decode())',
  },
  {
    name: 'int where bytes are needed',
    matches: has(/TypeError: a bytes-like object is required, not 'int'/),
    hint: 'Only bytes can be sent: turn a number into text, then bytes (str(count).encode())',
  },
  {
    name: 'truncated UTF-8',
    matches: has(/UnicodeDecodeError: .*unexpected end of data/),
    hint: 'recv(n) returns at most n bytes: a buffer too small cut the message inside a character. Use recv(2048), and decode only a whole message',
  },
  {
    name: 'binary file read as text',
    matches: (stderr) => /UnicodeDecodeError: /.test(stderr) && /^\s+\S.*\.read\(\d*\)/m.test(stderr),
    hint: "A file opened as text must hold UTF-8 text: open files you send with open(name, 'rb') and send their bytes as they are",
  },
  {
    name: 'UnicodeDecodeError',
    matches: has(/UnicodeDecodeError: /),
    hint: "The bytes received are not UTF-8 text: decode() with the encoding they were sent in, and for input you cannot trust use decode('utf-8', errors='replace')",
  },
  {
    name: 'ConnectionRefusedError',
    matches: has(/ConnectionRefusedError|Connection refused/),
    hint: 'Nothing was listening where the client connected: start the server first, and connect to the host and port given on the command line (sys.argv[1] and sys.argv[2])',
  },
  {
    name: 'ConnectionResetError',
    matches: has(/ConnectionResetError|Connection reset by peer|BrokenPipeError/),
    hint: 'A client dropped its connection: that is normal on a network. Wrap the work for one client in try/except OSError (ConnectionResetError is one), close that connection, and go back to accept()',
  },
  {
    name: 'socket.gaierror',
    matches: has(/gaierror|Name or service not known|nodename nor servname|cannot resolve host name/),
    hint: "The host name could not be resolved: connect to the host given on the command line (sys.argv[1]), 'localhost' by default, spelled exactly",
  },
  {
    name: 'Address already in use',
    matches: has(/Address already in use/),
    hint: 'Another program holds that port: read the port from sys.argv[1] (12000 by default) instead of a fixed number, and stop any copy of the server still running',
  },
  {
    name: 'EOFError',
    matches: has(/^EOFError/m),
    hint: 'input() raises EOFError when the input ends: catch it (try: ... except EOFError: break) and stop cleanly',
  },
  {
    name: 'ValueError on text of its own',
    // The traceback shows the line: an int() of something other than sys.argv (a port taken from a URL or a request)
    matches: (stderr) => /ValueError: invalid literal for int\(\)/.test(stderr) && /^\s+\S.*\bint\(/m.test(stderr) && !/^\s+\S.*\bint\(.*argv/m.test(stderr),
    hint: 'int() was given text that is not a number: print what you split off before converting it (a URL\'s "http:" or a host name is not a port)',
  },
  {
    name: 'ValueError reading the port',
    matches: has(/ValueError: invalid literal for int\(\)/),
    hint: 'int() was given text that is not a number: the port is sys.argv[1] for the server and sys.argv[2] for the client',
  },
  {
    name: 'IndexError splitting a message',
    matches: (stderr) => /IndexError: list index out of range/.test(stderr) && /^\s+\S.*\.split\([^)]*\)\[\d+\]/m.test(stderr),
    hint: 'The message had fewer words than the code takes for granted (an empty or malformed request): check len() of the split before indexing it, or catch IndexError for that one message',
  },
  {
    name: 'IndexError reading sys.argv',
    matches: has(/IndexError: list index out of range/),
    hint: 'An index past the end of a list: when reading sys.argv, check len(sys.argv) first and fall back to the defaults',
  },
  {
    name: 'NameError',
    matches: has(/^NameError: /m),
    hint: "A name used before it was defined, or misspelled: with `from socket import *` use socket(AF_INET, SOCK_DGRAM); with `import socket` write socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
  },
  {
    name: 'SyntaxError',
    matches: has(/^SyntaxError: /m),
    hint: 'Python could not read the file: fix the line the error names (a missing colon, bracket or quote is the usual cause)',
  },
]

// The hint for the error a Python program died of, from what it wrote to stderr; undefined when the error is not a known one
export function hintForError(stderr: string): string | undefined {
  const own = withoutShimLines(stderr)
  const shim = /^sockgrade: cannot resolve host name/m.test(stderr) ? stderr : own
  return KNOWN_ERRORS.find((e) => e.matches(e.name === 'socket.gaierror' ? shim : own))?.hint
}
