import { basename } from 'node:path'
import type { ProgramExit } from './start-program.js'

const STDERR_TAIL_LINES = 3

// The last few non-empty lines a program wrote to stderr, joined with " | "
export function stderrTail(stderr: string, lines = STDERR_TAIL_LINES): string {
  return stderr.split(/\r?\n/).map((l) => l.trimEnd()).filter(Boolean).slice(-lines).join(' | ')
}

// Python 2 code fails at compile time on print statements, or at run time on raw_input
export function looksLikePython2(stderr: string): boolean {
  return (
    /SyntaxError: Missing parentheses in call to 'print'/.test(stderr) ||
    /NameError: name 'raw_input' is not defined/.test(stderr) ||
    (/SyntaxError/.test(stderr) && /^\s*print\s+["'\w]/m.test(stderr))
  )
}

// A Python traceback in one line: the exception, and the student's line that raised it
// ("UnicodeDecodeError: ... (UDPServer.py line 11: message.decode().upper())")
export function summarizeTraceback(stderr: string): string | undefined {
  const lines = stderr.split(/\r?\n/)
  const start = lines.findLastIndex((l) => l.startsWith('Traceback (most recent call last):'))
  const syntax = lines.findLastIndex((l) => /^[A-Za-z_][\w.]*: /.test(l) || /^[A-Za-z_][\w.]*(Error|Exception|Interrupt)$/.test(l))
  if (syntax < 0) return undefined
  const exception = (lines[syntax] as string).trim()
  const frames = lines.slice(Math.max(start, 0), syntax)
  let where: string | undefined
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = /^\s*File "([^"]+)", line (\d+)/.exec(frames[i] as string)
    if (!frame || isLibrary(frame[1] as string)) continue
    const code = frames[i + 1]?.trim()
    where = `${basename(frame[1] as string)} line ${frame[2]}${code && !code.startsWith('^') ? `: ${code}` : ''}`
    break
  }
  return where ? `${exception} (${where})` : exception
}

function isLibrary(path: string): boolean {
  return /[\\/](lib|Lib)[\\/]python\d/.test(path) || path.startsWith('<')
}

// A resource limit of the sandbox, named from how the program ended (see sandbox/limits.ts)
function limitHit(exit: ProgramExit, stderr: string): string | undefined {
  if (exit.signal === 'SIGXCPU') return 'it used up its CPU time limit'
  if (exit.signal === 'SIGXFSZ' || /File too large/.test(stderr)) return 'it wrote a file larger than its file size limit'
  if (/MemoryError|Cannot allocate memory|OutOfMemoryError/.test(stderr)) return 'it ran out of its memory limit'
  if (/Resource temporarily unavailable|BlockingIOError: \[Errno 11\]|can't start new thread/.test(stderr)) return 'it tried to start more processes or threads than its limit allows'
  if (/No space left on device/.test(stderr)) return 'it filled the temporary space it has to write in'
  if (/Too many open files/.test(stderr)) return 'it opened more files than its limit allows'
  return undefined
}

// The lines the port shim writes for the grader ("sockgrade: ..."), which are not the student's own output
export function withoutShimLines(stderr: string): string {
  return stderr.replace(/^sockgrade: .*\n?/gm, '')
}

// How a program ended, in words for a student: exit code or signal, the Python error and Python 2 named as such,
// a resource limit it hit, a host name it could not resolve. One the grader stopped (it had not finished within
// `limitMs`, or it was still running when its checks ended) is said to be stopped: the SIGKILL that ended one which
// ignored SIGTERM was the grader's, not a crash
export function describeExit(exit: ProgramExit, shownStderr: string, options: { limitMs?: number } = {}): string {
  if (exit.killedByGrader) return options.limitMs === undefined ? 'was stopped by the grader' : `did not finish within ${seconds(options.limitMs)} and the grader stopped it`
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`
  const limit = limitHit(exit, shownStderr)
  if (limit) return `${how}: ${limit} (resource limits of the grading sandbox)`
  const unresolved = /^sockgrade: cannot resolve host name '([^']*)'/m.exec(shownStderr)?.[1] ?? (/gaierror/.test(shownStderr) ? '' : undefined)
  const stderr = withoutShimLines(shownStderr)
  if (unresolved !== undefined) return `${how}: it could not resolve the server's host name${unresolved ? ` "${unresolved}"` : ''}; use the host given on its command line (sys.argv[1]), "localhost" by default`
  if (looksLikePython2(stderr)) return `${how}: this looks like Python 2 code (a print statement or raw_input), and the assignment runs Python 3: ${summarizeTraceback(stderr) ?? stderrTail(stderr)}`
  if (/Address already in use/.test(stderr)) return `${how}: the port was already in use (OSError: Address already in use)`
  const error = summarizeTraceback(stderr) ?? stderrTail(stderr)
  return error ? `${how}: ${error}` : how
}

// 4000 → "4 s", 2500 → "2.5 s"
function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`
}
