import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
const KNOWN = [...bundledAssignments().keys()].join(', ')
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
      'rubric.yaml:7:8: this key is indented 1 column less than the keys above it\n  7 |        probe: server-listens\n    |        ^',
    ],
  },
  {
    name: 'a list item moved two columns left: one message, not a cascade',
    yaml: `${head()}${listens}    - id: answers
      name: Answers
      probe: server-answers
      params: { count: 1, kinds: [basic] }
      points: 2
`,
    errors: [
      'rubric.yaml:6:5: this list item is indented 2 columns less than the list items above it\n  6 |     - id: answers\n    |     ^',
    ],
  },
  {
    name: 'a key indented two columns more than its siblings (at its column)',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-listens
          points: 1
`,
    errors: [
      'rubric.yaml:8:11: this key is indented 2 columns more than the keys above it\n  8 |           points: 1\n    |           ^',
    ],
  },
  {
    name: 'two indentation mistakes, each reported once, in line order',
    yaml: `${head()}      - id: listens
        name: Listens
          probe: server-listens
        points: 1
     - id: answers
        name: Answers
        probe: server-answers
        params: { count: 1, kinds: [basic] }
        points: 2
`,
    errors: [
      'rubric.yaml:7:11: this key is indented 2 columns more than the keys above it\n  7 |           probe: server-listens\n    |           ^',
      'rubric.yaml:9:6: this list item is indented 1 column less than the list items above it\n  9 |      - id: answers\n    |      ^',
    ],
  },
  {
    name: 'a colon inside an unquoted value',
    yaml: `${head()}      - id: listens
        name: Listens: on its port
        probe: server-listens
        points: 1
`,
    errors: [
      'rubric.yaml:6:15: a value cannot contain ": " unless it is in quotes\n  6 |         name: Listens: on its port\n    |               ^',
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
    errors: [
      'rubric.yaml:4:13: this "[" is never closed: add "]" where the list ends\n  4 |     checks: [\n    |             ^',
    ],
  },
  {
    name: 'a tab used as indentation',
    yaml: 'version: 1\nassignments:\n\tuppercase-udp: {}\n',
    errors: ['rubric.yaml:3:1: this line is indented with a tab: indent with spaces\n  3 | \tuppercase-udp: {}\n    | ^'],
  },
  {
    name: 'a duplicate key in a check',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-listens
        points: 1
        points: 2
`,
    errors: ['rubric.yaml:9:9: duplicate key "points"\n  9 |         points: 2\n    |         ^'],
  },
  {
    name: 'a duplicate assignment key',
    yaml: `${head()}${listens}  uppercase-udp:
    checks:
${listens}`,
    errors: ['rubric.yaml:6:3: duplicate key "uppercase-udp"\n  6 |   uppercase-udp:\n    |   ^'],
  },
  {
    name: 'several YAML documents',
    yaml: 'version: 1\n---\nversion: 1\n',
    errors: ['rubric.yaml:2:1: only one YAML document is allowed: remove the second "---"\n  2 | ---\n    | ^'],
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
    errors: ['rubric.yaml:1:10: version: must be 1'],
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
    errors: ['rubric.yaml:2:14: assignments: must not be empty'],
  },
  {
    name: 'an assignment without checks',
    yaml: 'version: 1\nassignments:\n  uppercase-udp:\n    checks: []\n',
    errors: ['rubric.yaml:4:13: uppercase-udp › checks: must not be empty'],
  },
  {
    name: '"check" misspelt for "checks"',
    yaml: `version: 1
assignments:
  uppercase-udp:
    check:
${listens}`,
    errors: [
      'rubric.yaml:4:5: uppercase-udp: missing required property "checks"',
      'rubric.yaml:4:5: uppercase-udp: unknown property "check"',
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
    errors: ['rubric.yaml:10:17: uppercase-udp › answers › points: must be a number'],
  },
  {
    name: 'negative points',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-listens
        points: -1
`,
    errors: ['rubric.yaml:8:17: uppercase-udp › listens › points: must be at least 0'],
  },
  {
    name: 'an unknown property on a check (at the key)',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-listens
        points: 1
        weight: 3
`,
    errors: ['rubric.yaml:9:9: uppercase-udp › listens: unknown property "weight"'],
  },
  {
    name: 'a visibility outside the enum',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-listens
        points: 1
        visibility: secret
`,
    errors: [`rubric.yaml:9:21: uppercase-udp › listens › visibility: must be one of ${VISIBILITIES}`],
  },
  {
    name: 'a check without probe (at the check)',
    yaml: `${head()}      - id: listens
        name: Listens
        points: 1
`,
    errors: ['rubric.yaml:5:9: uppercase-udp › listens: missing required property "probe"'],
  },
  {
    name: 'an id that is not kebab-case',
    yaml: `${head()}      - { id: Listens, name: Listens, probe: server-listens, points: 1 }\n`,
    errors: [
      'rubric.yaml:5:15: uppercase-udp › Listens › id: must be lowercase letters, digits and dashes, starting with a letter or digit',
    ],
  },
  {
    name: 'extra_credit written as yes (a string in YAML 1.2)',
    yaml: `${head()}      - { id: listens, name: Listens, probe: server-listens, points: 1, extra_credit: yes }\n`,
    errors: ['rubric.yaml:5:87: uppercase-udp › listens › extra_credit: must be a boolean'],
  },
  {
    name: 'the same check required twice',
    yaml: `${head()}${listens}      - { id: a, name: A, probe: server-listens, points: 1, requires: [listens, listens] }\n`,
    errors: ['rubric.yaml:6:81: uppercase-udp › a › requires: lists the same value twice (items 1 and 2)'],
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
      'rubric.yaml:8:17: uppercase-udp › listens › points: must be a number',
      `rubric.yaml:9:21: uppercase-udp › listens › visibility: must be one of ${VISIBILITIES}`,
      'rubric.yaml:10:9: uppercase-udp › listens: unknown property "colour"',
      'rubric.yaml:11:9: uppercase-udp › check 2: missing required property "id"',
      'rubric.yaml:11:9: uppercase-udp › check 2 › params: missing required property "count" (probe "server-answers")',
      'rubric.yaml:13:17: uppercase-udp › check 2 › points: must be at least 0',
    ],
  },
  // Semantic rules
  {
    name: 'an unknown assignment id (at the key)',
    yaml: `${head('uppercase-sctp')}${listens}`,
    errors: [`rubric.yaml:3:3: uppercase-sctp: unknown assignment (known: ${KNOWN})`],
  },
  {
    name: 'an unknown probe (at the value)',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-pings
        points: 1
`,
    errors: [
      'rubric.yaml:7:16: uppercase-udp › listens › probe: unknown probe "server-pings" (see: sockgrade list --probes)',
    ],
  },
  {
    name: 'a duplicate check id (at the second one)',
    yaml: `${head()}${listens}      - id: listens
        name: Listens again
        probe: server-listens
        points: 1
`,
    errors: ['rubric.yaml:6:13: uppercase-udp › listens › id: duplicate check id "listens" (first used on line 5)'],
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
    errors: [
      'rubric.yaml:10:20: uppercase-udp › answers › requires: unknown check "listen"',
      'rubric.yaml:10:28: uppercase-udp › answers › requires: "listens" must come before this check',
    ],
  },
  {
    name: 'a check requiring itself',
    yaml: `${head()}      - { id: listens, name: Listens, probe: server-listens, points: 1, requires: [listens] }\n`,
    errors: ['rubric.yaml:5:84: uppercase-udp › listens › requires: a check cannot require itself'],
  },
  {
    name: 'a TCP-only probe on a UDP assignment',
    yaml: `${head()}${listens}      - id: split
        name: Split
        probe: server-handles-split-message
        points: 0
`,
    errors: [
      'rubric.yaml:8:16: uppercase-udp › split › probe: "server-handles-split-message" cannot test a UDP assignment',
    ],
  },
  {
    name: 'a UDP-only probe on a TCP assignment',
    yaml: `${head('uppercase-tcp')}${listens}      - { id: empty, name: Empty, probe: server-handles-empty-datagram, points: 0 }\n`,
    errors: [
      'rubric.yaml:6:42: uppercase-tcp › empty › probe: "server-handles-empty-datagram" cannot test a TCP assignment',
    ],
  },
  {
    name: 'a probe of numeric replies on an uppercase assignment',
    yaml: `${head('uppercase-tcp')}${listens}      - id: digits
        name: Digits
        probe: server-reply-digits-only
        points: 1
`,
    errors: [
      'rubric.yaml:8:16: uppercase-tcp › digits › probe: "server-reply-digits-only" cannot test an assignment whose answers are not numbers (answer: uppercase)',
    ],
  },
  {
    name: 'a multi-line probe on a single-message assignment',
    yaml: `${head('uppercase-tcp')}${listens}      - id: one
        name: One
        probe: client-uses-one-connection
        params: { lines: 2 }
        points: 1
`,
    errors: [
      'rubric.yaml:8:16: uppercase-tcp › one › probe: "client-uses-one-connection" cannot test a single-message assignment',
    ],
  },
  {
    name: 'params missing a required param',
    yaml: `${head()}      - id: answers
        name: Answers
        probe: server-answers
        params: { kinds: [basic] }
        points: 2
`,
    errors: [
      'rubric.yaml:8:17: uppercase-udp › answers › params: missing required property "count" (probe "server-answers")',
    ],
  },
  {
    name: 'params with an unknown param',
    yaml: `${head()}      - id: answers
        name: Answers
        probe: server-answers
        params: { count: 1, kinds: [basic], repeat: 2 }
        points: 2
`,
    errors: ['rubric.yaml:8:45: uppercase-udp › answers › params: unknown property "repeat" (probe "server-answers")'],
  },
  {
    name: 'params on a probe that takes none',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-listens
        params: { port: 1 }
        points: 1
`,
    errors: ['rubric.yaml:8:19: uppercase-udp › listens › params: unknown property "port" (probe "server-listens")'],
  },
  {
    name: 'a param of the wrong type (at the value)',
    yaml: `${head()}      - id: answers
        name: Answers
        probe: server-answers
        params: { count: one, kinds: [basic] }
        points: 2
`,
    errors: ['rubric.yaml:8:26: uppercase-udp › answers › params › count: must be a whole number (probe "server-answers")'],
  },
  {
    name: 'a param outside its enum',
    yaml: `${head()}      - id: answers
        name: Answers
        probe: server-answers
        params: { count: 1, kinds: [emoji] }
        points: 2
`,
    errors: [
      'rubric.yaml:8:37: uppercase-udp › answers › params › kinds: must be one of "basic", "mixed-case", "digits", "punctuation", "non-ascii" (probe "server-answers")',
    ],
  },
  {
    name: 'params omitted where the probe requires some (at the check)',
    yaml: `${head()}      - id: answers
        name: Answers
        probe: server-answers
        points: 2
`,
    errors: [
      'rubric.yaml:5:9: uppercase-udp › answers › params: missing required property "count" (probe "server-answers")',
    ],
  },
  {
    name: 'zero total points',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-listens
        points: 0
`,
    errors: ['rubric.yaml:3:3: uppercase-udp: no points to earn: every check is worth 0 or is extra credit'],
  },
  {
    name: 'only extra credit points',
    yaml: `${head()}      - { id: listens, name: Listens, probe: server-listens, points: 2, extra_credit: true }\n`,
    errors: ['rubric.yaml:3:3: uppercase-udp: no points to earn: every check is worth 0 or is extra credit'],
  },
  {
    name: 'schema and semantic errors in one round: rules run on the parts the schema accepts',
    yaml: `${head()}      - id: listens
        name: Listens
        probe: server-pings
        points: one
      - id: answers
        name: Answers
        probe: server-answers
        params: { count: 0, kinds: [basic] }
        points: 2
        visibility: secret
        requires: [nothing]
`,
    errors: [
      'rubric.yaml:7:16: uppercase-udp › listens › probe: unknown probe "server-pings" (see: sockgrade list --probes)',
      'rubric.yaml:8:17: uppercase-udp › listens › points: must be a number',
      'rubric.yaml:12:26: uppercase-udp › answers › params › count: must be at least 1 (probe "server-answers")',
      `rubric.yaml:14:21: uppercase-udp › answers › visibility: must be one of ${VISIBILITIES}`,
      'rubric.yaml:15:20: uppercase-udp › answers › requires: unknown check "nothing"',
    ],
  },
  {
    name: 'no points-to-earn verdict while some points cannot be read',
    yaml: `${head()}      - { id: listens, name: Listens, probe: server-listens, points: none }
`,
    errors: ['rubric.yaml:5:70: uppercase-udp › listens › points: must be a number'],
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
      'rubric.yaml:7:16: uppercase-udp › listens › probe: unknown probe "server-pings" (see: sockgrade list --probes)',
      'rubric.yaml:9:13: uppercase-udp › listens › id: duplicate check id "listens" (first used on line 5)',
      'rubric.yaml:12:26: uppercase-udp › listens › params › count: must be at least 1 (probe "server-answers")',
      'rubric.yaml:14:20: uppercase-udp › listens › requires: unknown check "nothing"',
    ],
  },
  // What would exhaust the grader: one line, where the file went past the limit
  {
    name: 'a billion laughs',
    yaml: `version: 1\nassignments: {}\n${['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n')}\n`,
    errors: ['rubric.yaml:7:8: alias "*d" brings the values aliases repeat past 10000: use fewer aliases'],
  },
  { name: 'lists nested 60,000 deep', yaml: `version: 1\nassignments: ${'['.repeat(60_000)}${']'.repeat(60_000)}\n`, errors: ['rubric.yaml:2:77: lists and mappings are nested more than 64 deep here: nest them less'] },
  { name: 'an alias of no anchor', yaml: 'version: 1\nassignments: *all\n', errors: ['rubric.yaml:2:14: alias "*all" names no anchor before it: put "&all" on a value above it'] },
  {
    name: 'checks that contain themselves',
    yaml: `${head()}      - &c { id: listens, name: Listens, probe: server-listens, points: 1, params: *c }\n`,
    errors: ['rubric.yaml:5:84: alias "*c" is inside the value it repeats: a value cannot contain itself'],
  },
  {
    name: "a check's own pattern for a step that does not compile",
    yaml: `${head('smtp-client')}      - { id: a, name: A, probe: client-dialogue-step, points: 1, params: { step: helo, matches: "HELO (" } }\n`,
    errors: ['rubric.yaml:5:98: smtp-client › a › params › matches: not a valid regular expression: Invalid regular expression: /HELO (/su: Unterminated group'],
  },
  // A client dialogue's names: a misspelt one would fail every student's check
  {
    name: 'a client-dialogue probe naming a dialogue or a step the assignment does not have',
    yaml: `${head('smtp-client')}      - { id: a, name: A, probe: client-dialogue-step, points: 1, params: { step: hello } }
      - { id: b, name: B, probe: client-follows-dialogue, points: 1, params: { dialogue: refused } }
      - { id: c, name: C, probe: client-waits-its-turn, points: 1, params: { steps: [helo, mail], dialogue: rcpt-rejected } }
`,
    errors: [
      'rubric.yaml:5:83: smtp-client › a › params › step: no expect step named "hello" in the dialogue (its names: helo, starttls, helo-again, auth-login, auth-username, auth-password, auth-login-with-name, auth-login-password, auth-plain, auth-plain-asked, auth-plain-credentials, auth-other, mail-from, rcpt-to, data, message, quit)',
      'rubric.yaml:6:90: smtp-client › b › params › dialogue: no client dialogue "refused" in assignment.yaml (client-dialogues: has "rcpt-rejected")',
      'rubric.yaml:7:86: smtp-client › c › params › steps: no expect step named "helo" in the dialogue (its names: starttls, helo-again, auth-login, auth-username, auth-password, auth-login-with-name, auth-login-password, auth-plain, auth-plain-asked, auth-plain-credentials, auth-other, after-refusal)',
      'rubric.yaml:7:92: smtp-client › c › params › steps: no expect step named "mail" in the dialogue (its names: starttls, helo-again, auth-login, auth-username, auth-password, auth-login-with-name, auth-login-password, auth-plain, auth-plain-asked, auth-plain-credentials, auth-other, after-refusal)',
    ],
  },
]

describe('parseRubric problems', () => {
  test.each(cases)('$name', ({ yaml, errors }) => {
    expect(problemsOf(yaml)).toEqual(errors)
  })

  test('sentence kinds for an assignment whose inputs are not sentences', () => {
    const status = { ...bundledAssignments().get('uppercase-udp')!, id: 'status-udp', answer: { table: { '200': 'OK' } } }
    const yaml = 'version: 1\nassignments:\n  status-udp:\n    checks:\n      - { id: answers, name: Answers, probe: server-answers, params: { count: 2, kinds: [basic] }, points: 2 }\n'
    expect(() => parseRubric(yaml, 'rubric.yaml', new Map([['status-udp', status]]))).toThrow(
      new RubricError(['rubric.yaml:5:82: status-udp › answers › params › kinds: kinds picks sentences, and the inputs of status-udp are not sentences: leave kinds out']),
    )
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
      new RubricError(['course/my-rubric.yaml:1:1: missing required property "assignments"', 'course/my-rubric.yaml:1:10: version: must be 1']),
    )
  })

  // Known bug: `check.probe in probes` also finds Object.prototype members, and probeFitsAssignment then crashes
  test('a probe named after an Object.prototype member is an unknown probe, not a crash', () => {
    expect(problemsOf(`${head()}${listens}      - { id: a, name: A, probe: toString, points: 1 }\n`)).toEqual(['rubric.yaml:6:34: uppercase-udp › a › probe: unknown probe "toString" (see: sockgrade list --probes)'])
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
    expect(folders).toEqual(expect.arrayContaining(['count-s-tcp', 'count-s-udp', 'multiline-tcp', 'multiline-udp', 'smtp-client', 'udp-pinger', 'uppercase-tcp', 'uppercase-udp', 'web-proxy', 'web-server']))
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

  test('a file of 1 GiB is one problem at its first line, read no further than 256 KB', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockgrade-rubric-'))
    const file = join(dir, 'rubric.yaml')
    // Sparse: the rest of the gigabyte reads as NUL bytes and takes no room on disk
    writeFileSync(file, 'version: 1\nassignments: {}\n')
    truncateSync(file, 1024 * 1024 * 1024)
    try {
      expect(() => loadRubricFile(file, 'big.yaml')).toThrow(new RubricError(['big.yaml:1:1: the file is larger than 256 KB, the most sockgrade reads']))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
