// The overview `sockgrade --help` prints: one line per command of the registry, then the global options
export function mainUsage(commands: Readonly<Record<string, { synopsis: string; summary: string }>>): string {
  const width = Math.max(...Object.values(commands).map((c) => c.synopsis.length))
  const rows = Object.values(commands).map((c) => `  sockgrade ${c.synopsis.padEnd(width)}  ${c.summary}`)
  return `sockgrade: grade socket-programming assignments over real sockets

Usage:
${rows.join('\n')}

Options:
  -h, --help      show this help; "sockgrade <command> --help" shows a command's options and examples
  -V, --version   print the version

Exit codes (each command's --help says its own): grade and check exit 0 for full marks, 1 for points lost or
not gradable; batch exits 0 when every student was graded, whatever their scores; 2 is bad usage, an invalid
rubric or a grader error everywhere; 130 a run stopped by Ctrl-C.
`
}
