import { InternalError } from '../errors.js'
import { freePort } from '../net/ports.js'
import type { OriginSpec } from './origin-pages.js'
import { startOrigin, type Origin } from './origin-server.js'

// The origin of one grading: in the sandbox on the spec's port (80: the worker owns the namespace), on a shared host on
// a free port the shim maps the spec's port to. Not getting its port is the grader's fault, never the student's
export async function startGradingOrigin(spec: OriginSpec, seed: number, sandboxed: boolean): Promise<Origin> {
  const port = sandboxed ? spec.port : await freePort()
  try {
    return await startOrigin({ spec, seed, port })
  } catch (error) {
    throw new InternalError(`Cannot start the origin web server on 127.0.0.1:${port}: ${(error as Error).message}`)
  }
}
