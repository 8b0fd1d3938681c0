import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import type { Assignment } from '../assignments/assignment.js'
import { findAssignment } from '../assignments/load.js'
import { grade } from '../grade.js'
import { bundledRubric } from '../grade-submission.js'
import { referenceDir } from '../paths.js'
import { checkOf } from '../test-support/grade-fixture.js'

// A server that ends after one answer, graded by two checks of one answer each: the second check meets it either
// just ended or still resting, depending on the machine's load; either way the server is started again for it
test('a server kept from the previous check that exits with 0 before answering is started again: the same verdict whatever the timing', async () => {
  const assignment = findAssignment('uppercase-udp') as Assignment
  const basic = (bundledRubric().assignments.get('uppercase-udp') ?? []).find((c) => c.id === 'server-answers-basic')
  if (!basic) throw new Error('no server-answers-basic check')
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-one-shot-'))
  copyFileSync(join(import.meta.dirname, 'fixtures', 'one-shot-sleepy-server.py'), join(dir, 'UDPServer.py'))
  copyFileSync(join(referenceDir, 'uppercase-udp', 'UDPClient.py'), join(dir, 'UDPClient.py'))
  const checks = [basic, { ...basic, id: 'server-answers-again' }]
  const report = await grade({ submission: dir, assignment, checks, seed: 5, timeoutScale: 1, isolation: 'host' })
  expect(checkOf(report, 'server-answers-basic').status).toBe('passed')
  expect(checkOf(report, 'server-answers-again')).toMatchObject({ status: 'passed' })
}, 60_000)
