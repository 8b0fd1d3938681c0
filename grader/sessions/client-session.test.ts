import { join } from 'node:path'
import { expect, test } from 'vitest'
import { answersFor } from '../answers/answers.js'
import { findAssignment } from '../assignments/load.js'
import { freePort } from '../net/ports.js'
import { startProgram } from '../process/start-program.js'
import { seededRandom } from '../random.js'
import { fixtureEnv, pythonFixtureArgv } from '../test-support/python.js'
import { runClientSession } from './client-session.js'

const flooding = join(import.meta.dirname, '..', 'probes', 'fixtures', 'floods-after-sending', 'UDPClient.py')

// The deadline is far beyond the test's own timeout: the run can only end in time if the flood ends it
test('a client flooding stdout is stopped when it passes the cap, long before its deadline', async () => {
  const assignment = findAssignment('uppercase-udp')
  if (!assignment) throw new Error('no uppercase-udp')
  const argv = await pythonFixtureArgv(flooding)
  const session = await runClientSession({
    assignment,
    answers: answersFor(assignment),
    lines: ['hello there'],
    port: await freePort(),
    host: '127.0.0.1',
    timeoutMs: 10 * 60_000,
    peerIdleMs: 30,
    random: seededRandom(1, 'peer'),
    start: (host, port, input) => startProgram([...argv, host, String(port)], { cwd: import.meta.dirname, env: fixtureEnv, input }),
  })
  expect(session.stdoutOverflowed).toBe(true)
  expect(session.timedOut).toBe(false)
  expect(session.exit.killedByGrader).toBe(true)
  expect(Buffer.byteLength(session.stdout)).toBe(session.stdoutCapBytes)
  expect(session.messages.map((m) => m.text)).toEqual(['hello there'])
})
