import { readdirSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { bundledAssignments } from '../assignments/load.js'
import { RubricError, UsageError } from '../errors.js'
import { assignmentsDir, defaultRubricPath } from '../paths.js'
import { loadRubricFile, parseRubric } from './load.js'

// The problems parseRubric reports for a text, or [] when it is valid
function problemsOf(yaml: string): readonly string[] {
  try {
    parseRubric(yaml, 'rubric.yaml')
    return []
  } catch (error) {
    if (error instanceof RubricError) return error.problems
    throw error
  }
}

const head = (assignment = 'uppercase-udp') => `version: 1
assignments:
  ${assignment}:
    checks:
`
const listens = '      - { id: listens, name: Listens, probe: server-listens, points: 1 }\n'
const KNOWN = 'count-s-tcp, count-s-udp, multiline-tcp, multiline-udp, uppercase-tcp, uppercase-udp'
const VISIBILITIES = '"visible", "hidden", "after_due_date"'

interface Case {
  name: string
  yaml: string
  errors: string[]
}

const cases: Case[] = [
  // YAML syntax
  {
    name: 'a key indented less than its siblings',
    yaml: `${head()}      - id: listens
        name: Listens
       probe: server-listens
        points: 1
`,
    errors: [
      'rubric.yaml:7:1: Sequence item without - indicator',
      'rubric.yaml:7:15: Nested mappings are not allowed in compact mappings',
      'rubric.yaml:7:15: Implicit keys need to be on a single line',
    ],
  },
  {
    name: 'an unclosed bracket',
    yaml: `version: 1
assignments:
  uppercase-udp:
    checks: [
      { id: listens, name: Listens, probe: server-listens, points: 1 }
`,
    errors: ['rubric.yaml:6:1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  },
  {
    name: 'a tab used as indentation',
    yaml: 'version: 1\nassignments:\n\tuppercase-udp: {}\n',
    errors: ['rubric.yaml:3:1: Tabs are not allowed as indentation'],
  },
  {
    name: 'a duplicate key in a check',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-listens
        points: 1
        points: 2
`,
    errors: ['rubric.yaml:9:9: duplicate key "points"'],
  },
  {
    name: 'a duplicate assignment key',
    yaml: `${head()}${listens}  uppercase-udp:
    checks:
${listens}`,
    errors: ['rubric.yaml:6:3: duplicate key "uppercase-udp"'],
  },
  {
    name: 'several YAML documents',
    yaml: 'version: 1\n---\nversion: 1\n',
    errors: ['rubric.yaml:2:1: only one YAML document is allowed: remove the second "---"'],
  },
  // JSON Schema
  {
    name: 'an empty file',
    yaml: '',
    errors: ['rubric.yaml:1:1: the file must be a mapping of keys to values'],
  },
  {
    name: 'missing version',
    yaml: `assignments:
  uppercase-udp:
    checks:
${listens}`,
    errors: ['rubric.yaml:1:1: missing required property "version"'],
  },
  {
    name: 'wrong version',
    yaml: `version: 2
assignments:
  uppercase-udp:
    checks:
${listens}`,
    errors: ['rubric.yaml:1:10: /version must be 1'],
  },
  {
    name: 'an unknown top-level key (at the key)',
    yaml: `version: 1
rubric: mine
assignments:
  uppercase-udp:
    checks:
${listens}`,
    errors: ['rubric.yaml:2:1: unknown top-level property "rubric"'],
  },
  {
    name: 'no assignments',
    yaml: 'version: 1\nassignments: {}\n',
    errors: ['rubric.yaml:2:14: /assignments must not be empty'],
  },
  {
    name: 'an assignment without checks',
    yaml: 'version: 1\nassignments:\n  uppercase-udp:\n    checks: []\n',
    errors: ['rubric.yaml:4:13: /assignments/uppercase-udp/checks must not be empty'],
  },
  {
    name: '"check" misspelt for "checks"',
    yaml: `version: 1
assignments:
  uppercase-udp:
    check:
${listens}`,
    errors: [
      'rubric.yaml:4:5: /assignments/uppercase-udp is missing required property "checks"',
      'rubric.yaml:4:5: /assignments/uppercase-udp has unknown property "check"',
    ],
  },
  {
    name: 'points given as a string (at the value)',
    yaml: `${head()}${listens}      - id: answers
        name: Answers
        probe: server-answers
        params: { count: 1, kinds: [basic] }
        points: two
`,
    errors: ['rubric.yaml:10:17: /assignments/uppercase-udp/checks/1/points must be a number'],
  },
  {
    name: 'negative points',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-listens
        points: -1
`,
    errors: ['rubric.yaml:8:17: /assignments/uppercase-udp/checks/0/points must be >= 0'],
  },
  {
    name: 'an unknown property on a check (at the key)',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-listens
        points: 1
        weight: 3
`,
    errors: ['rubric.yaml:9:9: /assignments/uppercase-udp/checks/0 has unknown property "weight"'],
  },
  {
    name: 'a visibility outside the enum',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-listens
        points: 1
        visibility: secret
`,
    errors: [`rubric.yaml:9:21: /assignments/uppercase-udp/checks/0/visibility must be one of ${VISIBILITIES}`],
  },
  {
    name: 'a check without probe (at the check)',
    yaml: `${head()}      - id: listens
        name: Listens
        points: 1
`,
    errors: ['rubric.yaml:5:9: /assignments/uppercase-udp/checks/0 is missing required property "probe"'],
  },
  {
    name: 'an id that is not kebab-case',
    yaml: `${head()}      - { id: Listens, name: Listens, probe: server-listens, points: 1 }\n`,
    errors: ['rubric.yaml:5:15: /assignments/uppercase-udp/checks/0/id must be lowercase letters, digits and dashes, starting with a letter or digit'],
  },
  {
    name: 'extra_credit written as yes (a string in YAML 1.2)',
    yaml: `${head()}      - { id: listens, name: Listens, probe: server-listens, points: 1, extra_credit: yes }\n`,
    errors: ['rubric.yaml:5:87: /assignments/uppercase-udp/checks/0/extra_credit must be a boolean'],
  },
  {
    name: 'the same check required twice',
    yaml: `${head()}${listens}      - { id: a, name: A, probe: server-listens, points: 1, requires: [listens, listens] }\n`,
    errors: ['rubric.yaml:6:81: /assignments/uppercase-udp/checks/1/requires lists the same value twice (items 0 and 1)'],
  },
  {
    name: 'several schema errors at once, all reported, top to bottom',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-listens
        points: '1'
        visibility: public
        colour: red
      - name: Answers
        probe: server-answers
        points: -2
`,
    errors: [
      'rubric.yaml:8:17: /assignments/uppercase-udp/checks/0/points must be a number',
      `rubric.yaml:9:21: /assignments/uppercase-udp/checks/0/visibility must be one of ${VISIBILITIES}`,
      'rubric.yaml:10:9: /assignments/uppercase-udp/checks/0 has unknown property "colour"',
      'rubric.yaml:11:9: /assignments/uppercase-udp/checks/1 is missing required property "id"',
      'rubric.yaml:13:17: /assignments/uppercase-udp/checks/1/points must be >= 0',
    ],
  },
  // Semantic rules
  {
    name: 'an unknown assignment id (at the key)',
    yaml: `${head('uppercase-sctp')}${listens}`,
    errors: [`rubric.yaml:3:3: unknown assignment "uppercase-sctp" (known: ${KNOWN})`],
  },
  {
    name: 'an unknown probe (at the value)',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-pings
        points: 1
`,
    errors: ['rubric.yaml:7:16: unknown probe "server-pings" (see: sockgrade list --probes)'],
  },
  {
    name: 'a duplicate check id (at the second one)',
    yaml: `${head()}${listens}      - id: listens
        name: Listens again
        probe: server-listens
        points: 1
`,
    errors: ['rubric.yaml:6:13: duplicate check id "listens" (first used on line 5)'],
  },
  {
    name: 'the same check id in two assignments is fine',
    yaml: `${head()}${listens}  uppercase-tcp:
    checks:
${listens}`,
    errors: [],
  },
  {
    name: 'requires naming an unknown check and a later check',
    yaml: `${head()}      - id: answers
        name: Answers
        probe: server-answers
        params: { count: 1, kinds: [basic] }
        points: 2
        requires: [listen, listens]
${listens}`,
    errors: ['rubric.yaml:10:20: requires unknown check "listen"', 'rubric.yaml:10:28: requires "listens", which must come before this check'],
  },
  {
    name: 'a check requiring itself',
    yaml: `${head()}      - { id: listens, name: Listens, probe: server-listens, points: 1, requires: [listens] }\n`,
    errors: ['rubric.yaml:5:84: check "listens" cannot require itself'],
  },
  {
    name: 'a TCP-only probe on a UDP assignment',
    yaml: `${head()}${listens}      - id: split
        name: Split
        probe: server-handles-split-message
        points: 0
`,
    errors: ['rubric.yaml:8:16: probe "server-handles-split-message" cannot test UDP (assignment "uppercase-udp")'],
  },
  {
    name: 'a UDP-only probe on a TCP assignment',
    yaml: `${head('uppercase-tcp')}${listens}      - { id: empty, name: Empty, probe: server-handles-empty-datagram, points: 0 }\n`,
    errors: ['rubric.yaml:6:42: probe "server-handles-empty-datagram" cannot test TCP (assignment "uppercase-tcp")'],
  },
  {
    name: 'a count-s probe on an uppercase assignment',
    yaml: `${head('uppercase-tcp')}${listens}      - id: digits
        name: Digits
        probe: server-reply-digits-only
        points: 1
`,
    errors: ['rubric.yaml:8:16: probe "server-reply-digits-only" cannot test the uppercase transform (assignment "uppercase-tcp")'],
  },
  {
    name: 'a multi-line probe on a single-message assignment',
    yaml: `${head('uppercase-tcp')}${listens}      - id: one
        name: One
        probe: client-uses-one-connection
        params: { lines: 2 }
        points: 1
`,
    errors: ['rubric.yaml:8:16: probe "client-uses-one-connection" cannot test single sessions (assignment "uppercase-tcp")'],
  },
  {
    name: 'params missing a required param',
    yaml: `${head()}      - id: answers
        name: Answers
        probe: server-answers
        params: { count: 1 }
        points: 2
`,
    errors: ['rubric.yaml:8:17: params is missing required property "kinds" (probe "server-answers")'],
  },
  {
    name: 'params with an unknown param',
    yaml: `${head()}      - id: answers
        name: Answers
        probe: server-answers
        params: { count: 1, kinds: [basic], repeat: 2 }
        points: 2
`,
    errors: ['rubric.yaml:8:45: params has unknown property "repeat" (probe "server-answers")'],
  },
  {
    name: 'params on a probe that takes none',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-listens
        params: { port: 1 }
        points: 1
`,
    errors: ['rubric.yaml:8:19: params has unknown property "port" (probe "server-listens")'],
  },
  {
    name: 'a param of the wrong type (at the value)',
    yaml: `${head()}      - id: answers
        name: Answers
        probe: server-answers
        params: { count: one, kinds: [basic] }
        points: 2
`,
    errors: ['rubric.yaml:8:26: params/count must be a whole number (probe "server-answers")'],
  },
  {
    name: 'a param outside its enum',
    yaml: `${head()}      - id: answers
        name: Answers
        probe: server-answers
        params: { count: 1, kinds: [emoji] }
        points: 2
`,
    errors: ['rubric.yaml:8:37: params/kinds/0 must be one of "basic", "mixed-case", "digits", "punctuation", "non-ascii" (probe "server-answers")'],
  },
  {
    name: 'params omitted where the probe requires some (at the check)',
    yaml: `${head()}      - id: answers
        name: Answers
        probe: server-answers
        points: 2
`,
    errors: [
      'rubric.yaml:5:9: params is missing required property "count" (probe "server-answers")',
      'rubric.yaml:5:9: params is missing required property "kinds" (probe "server-answers")',
    ],
  },
  {
    name: 'zero total points',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-listens
        points: 0
`,
    errors: ['rubric.yaml:3:3: assignment "uppercase-udp" has no points to earn'],
  },
  {
    name: 'only extra credit points',
    yaml: `${head()}      - { id: listens, name: Listens, probe: server-listens, points: 2, extra_credit: true }\n`,
    errors: ['rubric.yaml:3:3: assignment "uppercase-udp" has no points to earn'],
  },
  {
    name: 'several semantic errors at once, all reported, rule by rule',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-pings
        points: 1
      - id: listens
        name: Answers
        probe: server-answers
        params: { count: 0, kinds: [basic] }
        points: 1
        requires: [nothing]
`,
    errors: [
      'rubric.yaml:7:16: unknown probe "server-pings" (see: sockgrade list --probes)',
      'rubric.yaml:9:13: duplicate check id "listens" (first used on line 5)',
      'rubric.yaml:12:26: params/count must be >= 1 (probe "server-answers")',
      'rubric.yaml:14:20: requires unknown check "nothing"',
    ],
  },
]

describe('parseRubric problems', () => {
  test.each(cases)('$name', ({ yaml, errors }) => {
    expect(problemsOf(yaml)).toEqual(errors)
  })

  test('a RubricError message is its problems, one a line', () => {
    const error = (() => {
      try {
        parseRubric(cases.find((c) => c.name === 'requires naming an unknown check and a later check')!.yaml, 'rubric.yaml')
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(RubricError)
    expect((error as RubricError).message).toBe((error as RubricError).problems.join('\n'))
  })

  test('problems name the file by the label given', () => {
    expect(() => parseRubric('version: 2\n', 'course/my-rubric.yaml')).toThrow(
      new RubricError(['course/my-rubric.yaml:1:1: missing required property "assignments"', 'course/my-rubric.yaml:1:10: /version must be 1']),
    )
  })

  // Known bug: `check.probe in probes` also finds Object.prototype members, and probeFitsAssignment then crashes
  test('a probe named after an Object.prototype member is an unknown probe, not a crash', () => {
    expect(problemsOf(`${head()}${listens}      - { id: a, name: A, probe: toString, points: 1 }\n`)).toEqual(['rubric.yaml:6:34: unknown probe "toString" (see: sockgrade list --probes)'])
  })
})

describe('parseRubric result', () => {
  test('a minimal rubric gets the defaults: visible, not extra credit, no requires, no params', () => {
    const rubric = parseRubric(`${head()}${listens}`, 'rubric.yaml')
    expect(rubric).toEqual({
      source: 'rubric.yaml',
      assignments: new Map([
        [
          'uppercase-udp',
          [{ id: 'listens', name: 'Listens', probe: 'server-listens', params: {}, points: 1, extraCredit: false, visibility: 'visible', feedback: undefined, requires: [] }],
        ],
      ]),
    })
  })

  test('every field of a check is carried over, checks and assignments in order', () => {
    const rubric = parseRubric(
      `${head()}${listens}      - id: answers
        name: Answers
        probe: server-answers
        params: { count: 1, kinds: [basic] }
        points: 2
        extra_credit: true
        visibility: hidden
        feedback: Capitals, please
        requires: [listens]
  uppercase-tcp:
    checks:
${listens}`,
      'rubric.yaml',
    )
    expect([...rubric.assignments.keys()]).toEqual(['uppercase-udp', 'uppercase-tcp'])
    expect(rubric.assignments.get('uppercase-udp')?.map((c) => c.id)).toEqual(['listens', 'answers'])
    expect(rubric.assignments.get('uppercase-udp')?.[1]).toEqual({
      id: 'answers',
      name: 'Answers',
      probe: 'server-answers',
      params: { count: 1, kinds: ['basic'] },
      points: 2,
      extraCredit: true,
      visibility: 'hidden',
      feedback: 'Capitals, please',
      requires: ['listens'],
    })
  })
})

describe('the bundled rubric.yaml', () => {
  test('loads without problems', () => {
    expect(() => loadRubricFile(defaultRubricPath, 'rubric.yaml')).not.toThrow()
  })

  test('has checks, and points to earn, for every assignment in assignments/', () => {
    const rubric = loadRubricFile(defaultRubricPath, 'rubric.yaml')
    const folders = readdirSync(assignmentsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)
    expect(folders).toHaveLength(6)
    expect([...bundledAssignments().keys()].sort()).toEqual([...folders].sort())
    for (const id of folders) {
      const checks = rubric.assignments.get(id) ?? []
      expect(checks.length, id).toBeGreaterThan(0)
      expect(checks.some((c) => c.points > 0 && !c.extraCredit), id).toBe(true)
    }
  })
})

describe('loadRubricFile', () => {
  test('a missing file is a usage error naming the path as given, in words', () => {
    expect(() => loadRubricFile('/nonexistent/rubric.yaml', 'my-rubric.yaml')).toThrow(new UsageError('Cannot read the rubric "my-rubric.yaml": no such file or folder'))
  })
})
