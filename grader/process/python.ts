import { execFile } from 'node:child_process'
import { InternalError } from '../errors.js'

/** The Python 3 interpreter that runs student programs */
export interface PythonInterpreter {
  readonly executable: string
  readonly version: string
}

let resolved: Promise<PythonInterpreter> | undefined

// Resolve the real interpreter once: a version-manager shim on PATH costs ~100 ms a launch, sys.executable ~10-40 ms
export function resolvePython(env: NodeJS.ProcessEnv = process.env): Promise<PythonInterpreter> {
  resolved ??= findPython(env).catch((error: unknown) => {
    resolved = undefined
    throw error
  })
  return resolved
}

async function findPython(env: NodeJS.ProcessEnv): Promise<PythonInterpreter> {
  const candidates = env.SOCKGRADE_PYTHON ? [env.SOCKGRADE_PYTHON] : process.platform === 'win32' ? ['py', 'python', 'python3'] : ['python3', 'python']
  for (const candidate of candidates) {
    const args = candidate === 'py' ? ['-3', '-c', PRINT_SELF] : ['-c', PRINT_SELF]
    const [executable, version] = (await run(candidate, args, env)).trim().split('\n')
    if (executable && version?.startsWith('3.')) return { executable, version }
  }
  throw new InternalError(
    `Cannot find Python 3: tried ${candidates.map((c) => `"${c}"`).join(', ')} on PATH (set SOCKGRADE_PYTHON to the interpreter's path)`,
  )
}

// stdout of a command, or '' when it cannot run or fails
function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 20_000, windowsHide: true }, (error, stdout) => resolve(error ? '' : String(stdout)))
  })
}

const PRINT_SELF = 'import sys; print(sys.executable); print("%d.%d.%d" % sys.version_info[:3])'
