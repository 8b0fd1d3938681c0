import type { ProgramExit, RunningProgram } from '../process/start-program.js'
import type { ClientSession } from './client-session.js'

/** How a client's run ended: how it exited (killed by the grader past its deadline or its output cap) */
export interface ClientEnd {
  readonly exit: ProgramExit
  readonly timedOut: boolean
}

// Wait for a client to exit, for at most `timeoutMs`: past it, or as soon as the client floods stdout past its cap, the
// grader kills it
export async function clientEnd(program: RunningProgram, timeoutMs: number): Promise<ClientEnd> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, timeoutMs, 'timeout')))
  const flooded = new Promise<'flooded'>((resolve) => program.stdout.onOverflow(() => resolve('flooded')))
  const ended = await Promise.race([program.exited, deadline, flooded])
  clearTimeout(timer)
  const exit = ended === 'timeout' || ended === 'flooded' ? await program.kill() : await program.exited
  return { exit, timedOut: ended === 'timeout' }
}

// What a client printed, as its session keeps it
export function clientOutput(program: RunningProgram): Pick<ClientSession, 'stdout' | 'stderr' | 'stdoutDroppedBytes' | 'stdoutCapBytes' | 'stdoutOverflowed'> {
  return {
    stdout: program.stdout.text(),
    stderr: program.stderr.text(),
    stdoutDroppedBytes: program.stdout.droppedBytes,
    stdoutCapBytes: program.stdout.capBytes,
    stdoutOverflowed: program.stdout.truncated,
  }
}
