import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { detectIsolation } from '../sandbox/detect.js'
import { runCase, type ChaosCase } from './run-case.js'
import { replayCommand } from './violations-table.js'

// Every violation the chaos suite found on the way (issue 6), replayed by its seed: each case is graded twice and
// held to every invariant (report on time, nothing left, folder unchanged, same verdict, no grader error)
const sandboxAvailable = (await detectIsolation()).mode === 'sandbox'
const scratch = mkdtempSync(join(tmpdir(), 'sockgrade-chaos-regressions-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const regressions: { name: string; case: ChaosCase }[] = [
  {
    // The grader's own server found port 12000 held by a forked child of the student server and failed to start:
    // every client check was a grader error. Fixed: the sandbox is cleared before the client checks
    name: 'a forked child holding the port after the server phase does not make the client checks grader errors',
    case: { seed: 6, assignment: 'count-s-tcp', mode: 'sandbox' },
  },
  {
    name: 'a setsid child left at SIGTERM does not take port 12000 from the grader (verdicts differed before)',
    case: { seed: 11, assignment: 'uppercase-udp', mode: 'sandbox' },
  },
  {
    // The verdict depended on how fast a daemon left by a first process that exits with 0 was: a program now ends
    // when every process of it has
    name: "a client whose first process exits at once, leaving a setsid daemon to do the work, gets the same verdict twice",
    case: { seed: 138, assignment: 'count-s-tcp', mode: 'host' },
  },
  {
    name: 'a server whose first process exits at start while a daemon binds gets the same verdict twice',
    case: { seed: 71, assignment: 'uppercase-udp', mode: 'host' },
  },
  {
    name: 'a client daemon holding stdio and sleeping after its reply gets the same verdict twice, in the sandbox',
    case: { seed: 35, assignment: 'uppercase-udp', mode: 'sandbox' },
  },
  {
    name: 'a server that daemonizes in the middle of a request gets the same verdict twice',
    case: { seed: 44, assignment: 'multiline-tcp', mode: 'host' },
  },
]

describe.concurrent('chaos regressions', () => {
  for (const { name, case: c } of regressions) {
    test.runIf(c.mode === 'host' || sandboxAvailable)(name, async () => {
      const outcome = await runCase(c, scratch)
      expect(outcome.violations, `replay: ${replayCommand(c)}`).toEqual([])
    }, 120_000)
  }
})
