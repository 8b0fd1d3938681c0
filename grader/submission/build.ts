import { join } from 'node:path'
import { InternalError, NotGradableError } from '../errors.js'
import type { StudentStart } from '../launcher.js'
import { startProgram, type ProgramExit } from '../process/start-program.js'
import type { BuildSpec } from './launch.js'

// A compiler's last lines hold its summary and, usually, the first error
const SHOWN_LINES = 20
// Enough for any compiler's complaints; a build that floods more only loses the middle of its output
const OUTPUT_CAP_BYTES = 1024 * 1024

// Run a submission's build step (`sh -c`, in its folder, in its own process group) once before grading;
// a failure or a build still running at the deadline makes the submission not gradable, with the build's last lines
// (`start`: for the build's folder, the room, limits and uid drop every student program gets: a build is student code too)
export async function runBuild(build: BuildSpec, submissionDir: string, options: { env: NodeJS.ProcessEnv; timeoutMs: number; start?: (cwd: string) => StudentStart }): Promise<void> {
  const cwd = join(submissionDir, build.cwd)
  const { prefix, ...where } = options.start?.(cwd) ?? { prefix: [] }
  const program = startProgram([...prefix, 'sh', '-c', build.shell], { cwd, env: options.env, outputCapBytes: OUTPUT_CAP_BYTES, family: true, ...where })
  const deadline = setTimeout(() => void program.kill(), options.timeoutMs)
  const exit = await program.exited.finally(() => clearTimeout(deadline))
  if (program.spawnError) throw new InternalError(`Cannot start the build step "${build.shell}": ${program.spawnError.message}`)
  if (program.roomFailed) throw new InternalError(`Cannot build the student room for the build step: ${lastLines(program.stderr.text(), 3) || 'no message'}`)
  if (exit.exitCode === 0 && !exit.killedByGrader) return
  const output = lastLines(`${program.stdout.text()}\n${program.stderr.text()}`, SHOWN_LINES)
  throw new NotGradableError(`The build step "${build.shell}" ${failure(exit, options.timeoutMs)}${output ? `:\n${output}` : ', with no output'}`)
}

function failure(exit: ProgramExit, timeoutMs: number): string {
  if (exit.killedByGrader) return `did not finish within ${formatSeconds(timeoutMs)}`
  return exit.signal ? `failed (killed by ${exit.signal})` : `failed (exit code ${String(exit.exitCode)})`
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`
}

// The last `count` non-blank lines, without terminal colour codes
function lastLines(text: string, count: number): string {
  const lines = text
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    .split(/\r?\n/)
    .filter((line) => line.trim())
  return lines.slice(-count).join('\n')
}
