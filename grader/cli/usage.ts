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

Exit codes: 0 full marks (or --fail-under reached), 1 points lost or not gradable,
2 bad usage, invalid rubric or grader error.
`
}
