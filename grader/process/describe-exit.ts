import type { ProgramExit } from './start-program.js'

const STDERR_TAIL_LINES = 4

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

// How a program ended, in words for a student: exit code or signal, the Python error and Python 2 named as such
export function describeExit(exit: ProgramExit, stderr: string): string {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`
  const tail = stderrTail(stderr)
  if (looksLikePython2(stderr)) return `${how}: this looks like Python 2 code (print statement or raw_input); the assignment runs Python 3. Last error lines: ${tail}`
  if (/Address already in use/.test(stderr)) return `${how}: the port was already in use (Address already in use)`
  return tail ? `${how}; last error lines: ${tail}` : how
}
