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

// Used until validate-command.ts exports VALIDATE_USAGE
export const VALIDATE_USAGE_FALLBACK = `Usage: sockgrade validate [rubric.yaml]

Checks a rubric: its schema, then unknown assignments and probes, duplicate ids, requires that point
forward and each check's params. Every problem is printed as file:line:col: message. Without a file, it
checks the bundled rubric.

Examples:
  sockgrade validate my-rubric.yaml
  sockgrade validate

Exit codes: 0 valid, 2 problems found (or bad usage).
`

// Used until list-command.ts exports LIST_USAGE
export const LIST_USAGE_FALLBACK = `Usage: sockgrade list [--probes]

Lists the assignments (id, transport, files, points, title), or with --probes the probes a rubric can use.

Options:
  --probes     list the probes instead of the assignments

Examples:
  sockgrade list
  sockgrade list --probes

Exit codes: 0, or 2 on bad usage.
`
