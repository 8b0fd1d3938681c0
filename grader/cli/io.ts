/** Where the CLI writes, and what it knows of its environment; tests pass fakes */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean }
  readonly stderr: { write(text: string): unknown; isTTY?: boolean }
  readonly env: NodeJS.ProcessEnv
  /** The working folder paths are resolved against; process.cwd() when absent */
  readonly cwd?: string
}

// Colour only on a TTY, never with NO_COLOR, always with FORCE_COLOR (https://no-color.org)
export function colorFor(stream: CliIo['stdout'], env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true
  return stream.isTTY === true
}
