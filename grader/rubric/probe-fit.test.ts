import { describe, expect, test } from 'vitest'
import type { Assignment } from '../assignments/assignment.js'
import { findAssignment } from '../assignments/load.js'
import { RubricError } from '../errors.js'
import { parseRubric } from './load.js'

// uppercase-udp as a lab whose students hand in the client only (the grader plays the server)
const pair = findAssignment('uppercase-udp') as Assignment
const clientOnly: Assignment = { ...pair, id: 'client-only-udp', server: undefined }

const rubricFor = (probe: string, params = '') => `version: 1
assignments:
  client-only-udp:
    checks:
      - { id: one, name: One, probe: ${probe}, points: 1${params} }
`

function problemsOf(text: string): readonly string[] {
  try {
    parseRubric(text, 'rubric.yaml', new Map([[clientOnly.id, clientOnly]]))
    return []
  } catch (error) {
    if (error instanceof RubricError) return error.problems
    throw error
  }
}

describe('a probe of a side the assignment does not have', () => {
  test('a server probe on a client-only assignment is a rubric error at the probe', () => {
    expect(problemsOf(rubricFor('server-listens'))).toEqual([
      'rubric.yaml:5:38: client-only-udp › one › probe: "server-listens" cannot test an assignment with no server program (assignment.yaml declares no server:)',
    ])
  })

  test('a client probe on it is fine', () => {
    expect(problemsOf(rubricFor('client-exits-cleanly', ', params: { lines: 1 }'))).toEqual([])
  })
})
