import { accessSync, constants } from 'node:fs'
import { join } from 'node:path'
import type { ProgramSpec } from '../assignments/assignment.js'
import { NotGradableError } from '../errors.js'
import { RUN_MARKER_VARIABLE } from '../process/marked-processes.js'

// Fill an assignment's argv template: {python}, {file}, {host}, {port}
export function programArgv(spec: ProgramSpec, values: { python: string; file: string; host?: string; port: number }): string[] {
  return spec.command.map((part) =>
    part
      .replaceAll('{python}', values.python)
      .replaceAll('{file}', values.file)
      .replaceAll('{host}', values.host ?? '')
      .replaceAll('{port}', String(values.port)),
  )
}

// A program file the grader cannot read is a submission problem, not a crash of the student's program
export function assertReadable(dir: string, file: string): void {
  try {
    accessSync(join(dir, file), constants.R_OK)
  } catch {
    throw new NotGradableError(`Cannot read "${file}" in the submission: check its permissions`)
  }
}

// The environment of a student program: nothing of the grader's own, Python unbuffered and writing no .pyc files,
// few malloc arenas, and the grading's marker, by which escaped daemons are found and killed
export function programEnv(parent: NodeJS.ProcessEnv, marker?: string): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'SYSTEMROOT', 'TEMP', 'TMP', 'TMPDIR']
  const env: NodeJS.ProcessEnv = {}
  for (const key of keep) if (parent[key] !== undefined) env[key] = parent[key]
  return {
    ...env,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONIOENCODING: 'utf-8',
    // glibc reserves 64 MiB of address space for each thread's malloc arena: under the sandbox's 1 GiB address
    // space limit a Python program could start only 21 threads (117 with two arenas), so a thread-per-client
    // server failed there and passed on the host
    MALLOC_ARENA_MAX: '2',
    ...(marker ? { [RUN_MARKER_VARIABLE]: marker } : {}),
  }
}
