import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { RubricError } from '../errors.js'
import { bundledAssignments, findAssignment, loadAssignmentFile } from './load.js'

const tempDir = mkdtempSync(join(tmpdir(), 'sockgrade-assignment-'))
afterAll(() => rmSync(tempDir, { recursive: true, force: true }))

const VALID = `id: echo-udp
title: Echo over UDP
transport: udp
answer: uppercase
session: single
port: 12000
host: localhost
server:
  file: UDPServer.py
  command: ["{python}", "{file}", "{port}"]
client:
  file: UDPClient.py
  command: ["{python}", "{file}", "{host}", "{port}"]
`

// Write an assignment file into the temp folder; returns its path
function writeAssignment(name: string, text: string): string {
  const file = join(tempDir, `${name}.yaml`)
  writeFileSync(file, text)
  return file
}

function problemsOf(file: string): readonly string[] {
  try {
    loadAssignmentFile(file)
    return []
  } catch (error) {
    if (error instanceof RubricError) return error.problems
    throw error
  }
}

describe('bundledAssignments', () => {
  const expected = [
    { id: 'count-s-tcp', transport: 'tcp', answer: 'count-s', session: 'single', server: 'TCPServer.py', client: 'TCPClient.py' },
    { id: 'count-s-udp', transport: 'udp', answer: 'count-s', session: 'single', server: 'UDPServer.py', client: 'UDPClient.py' },
    { id: 'multiline-tcp', transport: 'tcp', answer: 'uppercase', session: 'multiline', server: 'TCPServer.py', client: 'TCPClient.py' },
    { id: 'multiline-udp', transport: 'udp', answer: 'uppercase', session: 'multiline', server: 'UDPServer.py', client: 'UDPClient.py' },
    { id: 'uppercase-tcp', transport: 'tcp', answer: 'uppercase', session: 'single', server: 'TCPServer.py', client: 'TCPClient.py' },
    { id: 'uppercase-udp', transport: 'udp', answer: 'uppercase', session: 'single', server: 'UDPServer.py', client: 'UDPClient.py' },
  ] as const

  test('are the six textbook assignments and the Chapter 2 labs, in folder order', () => {
    const labs = ['smtp-client', 'udp-pinger', 'web-proxy', 'web-server']
    expect([...bundledAssignments().keys()]).toEqual([...expected.map((a) => a.id), ...labs].sort())
  })

  test('udp-pinger is a client graded against the lossy server, 2-3 of 10 pings lost, answers after 30-250 ms', () => {
    expect(findAssignment('udp-pinger')).toMatchObject({
      transport: 'udp',
      answer: 'uppercase',
      port: 12000,
      host: 'localhost',
      'lossy-server': { datagrams: 10, drops: { min: 2, max: 3 }, 'delay-ms': { min: 30, max: 250 } },
      client: { file: 'UDPPingerClient.py', command: ['{python}', '{file}', '{host}', '{port}'] },
    })
  })

  test('smtp-client is a client alone, on port 25, its dialogue played by the grader on any host and the usual ports', () => {
    const smtp = findAssignment('smtp-client')
    expect(smtp).toMatchObject({ transport: 'tcp', port: 25, host: 'localhost', 'any-host': true, 'other-ports': [465, 587, 2525], client: { file: 'SMTPClient.py' } })
    expect(smtp?.server).toBeUndefined()
    expect(smtp?.answer).toBeUndefined()
    expect(Object.keys(smtp?.['client-dialogues'] ?? {})).toEqual(['rcpt-rejected'])
  })

  test.each(expected)('$id is $transport, $answer, $session', ({ id, transport, answer, session, server, client }) => {
    expect(findAssignment(id)).toMatchObject({
      id,
      transport,
      answer,
      session,
      port: 12000,
      host: 'localhost',
      server: { file: server, command: ['{python}', '{file}', '{port}'] },
      client: { file: client, command: ['{python}', '{file}', '{host}', '{port}'] },
    })
  })

  test('an unknown id is undefined', () => {
    expect(findAssignment('uppercase-sctp')).toBeUndefined()
  })
})

describe('loadAssignmentFile', () => {
  test('a valid file loads as written', () => {
    const file = writeAssignment('valid', VALID)
    expect(loadAssignmentFile(file)).toEqual({
      id: 'echo-udp',
      title: 'Echo over UDP',
      transport: 'udp',
      answer: 'uppercase',
      session: 'single',
      port: 12000,
      host: 'localhost',
      server: { file: 'UDPServer.py', command: ['{python}', '{file}', '{port}'] },
      client: { file: 'UDPClient.py', command: ['{python}', '{file}', '{host}', '{port}'] },
    })
  })

  // Problems name the file by the path it was loaded from
  test('a schema error is reported as file:line:col at the value', () => {
    const file = writeAssignment('bad-transport', VALID.replace('transport: udp', 'transport: sctp'))
    expect(problemsOf(file)).toEqual([`${file}:3:12: transport: must be one of "udp", "tcp"`])
  })

  test('every schema error is reported, each at its own position', () => {
    const file = writeAssignment('several', VALID.replace('port: 12000', 'port: 70000').replace('  command: ["{python}", "{file}", "{port}"]\n', '  command: []\n  args: [x]\n'))
    const label = file
    expect(problemsOf(file)).toEqual([
      `${label}:6:7: port: must be at most 65535`,
      `${label}:10:12: server › command: must not be empty`,
      `${label}:11:3: server: unknown property "args"`,
    ])
  })

  test('a missing required key is reported at the top of the file', () => {
    const file = writeAssignment('no-session', VALID.replace('session: single\n', ''))
    expect(problemsOf(file)).toEqual([`${file}:1:1: missing required property "session"`])
  })

  test('a lab may declare one program; an assignment must declare at least one', () => {
    const clientOnly = writeAssignment('client-only', VALID.replace(/server:\n.*\n.*\n/, ''))
    const loaded = loadAssignmentFile(clientOnly)
    expect(loaded.server).toBeUndefined()
    expect(loaded.client?.file).toBe('UDPClient.py')
    const none = writeAssignment('no-programs', VALID.replace(/server:\n(.*\n){5}/, ''))
    expect(problemsOf(none)).toEqual([`${none}:1:1: missing required property "server" or "client": declare the program (or programs) students hand in`])
  })

  test('a YAML syntax error is reported as file:line:col', () => {
    const file = writeAssignment('duplicate-key', `${VALID}port: 12001\n`)
    expect(problemsOf(file)).toEqual([`${file}:14:1: duplicate key "port"\n  14 | port: 12001\n     | ^`])
  })

  test('the older name of answer, transform, loads the same', () => {
    const file = writeAssignment('older-name', VALID.replace('answer: uppercase', 'transform: uppercase'))
    expect(loadAssignmentFile(file)).toEqual(loadAssignmentFile(writeAssignment('newer-name', VALID)))
  })

  test('the answer under both names, or under neither, is reported', () => {
    const both = writeAssignment('both-names', VALID.replace('answer: uppercase', 'answer: uppercase\ntransform: uppercase'))
    expect(problemsOf(both)).toEqual([`${both}:5:1: transform: is the older name of "answer": give only one of them`])
    const neither = writeAssignment('no-answer', VALID.replace('answer: uppercase\n', ''))
    expect(problemsOf(neither)).toEqual([`${neither}:1:1: missing required property "answer" (or a dialogue, files to serve, or an origin)`])
  })

  test.each([
    ['compare: nmber', '5:10: compare: must be one of "exact", "trimmed", "case-insensitive", "first-number", "number", "lines", "json", "regex"'],
    ['compare: [trimmed]', '5:10: compare: must be a string or a mapping (key: value)'],
    ['compare: { rule: numbr }', '5:18: compare › rule: must be one of "exact", "trimmed", "case-insensitive", "first-number", "number", "lines", "json", "regex"'],
    ['compare: { rule: number, tolerance: -1 }', '5:37: compare › tolerance: must be at least 0'],
    ['compare: { rule: number, within: 1 }', '5:26: compare: unknown property "within"'],
    ['compare: { rule: trimmed, tolerance: 1 }', '5:27: compare › tolerance: "tolerance" applies only to the number rule, not to trimmed'],
    ['compare: { rule: regex }', '5:10: compare: the regex rule needs a "pattern"'],
    ['compare: { rule: regex, pattern: "^({answer}" }', '5:25: compare › pattern: not a valid regular expression: Invalid regular expression: /^(answer/u: Unterminated group'],
  ])('%s is reported at its place: %s', (line, problem) => {
    const file = writeAssignment('compare', VALID.replace('session: single', `${line}\nsession: single`))
    expect(problemsOf(file)).toEqual([`${file}:${problem}`])
  })

  test('a usable compare loads as written', () => {
    const file = writeAssignment('compare-ok', VALID.replace('session: single', 'compare: { rule: number, tolerance: 0.5 }\nsession: single'))
    expect(loadAssignmentFile(file).compare).toEqual({ rule: 'number', tolerance: 0.5 })
  })

  const TABLE = 'answer:\n  table:\n    "200": OK\n    "404": Not Found\n'
  test.each([
    ['inputs: { list: [a], template: "{word}" }', '5:32: inputs › template: give one of sentences, list, template or bytes, not list and template'],
    ['inputs: { words: [a] }', '5:11: inputs: unknown property "words"'],
    ['inputs: { sentences: [basic, poetry] }', '5:30: inputs › sentences › 1: must be one of "basic", "mixed-case", "digits", "punctuation", "non-ascii"'],
    ['inputs: { template: "{int:1..9} {op}" }', '5:21: inputs › template: {op} at character 12: unknown field type "op" (one of: int, choice, word, sentence)'],
    ['inputs: { list: [ok, "a\\nb"] }', '5:22: inputs › list › 1: an input cannot hold a line break: a client reads one line per input, and lines end at one'],
    ['inputs: { template: "{int:1..9}", include: [ok, ""] }', '5:49: inputs › include › 1: must not be empty'],
    ['inputs: { list: [a], include: [b] }', '5:31: inputs › include: include goes with a template: give the template too'],
    ['inputs: { list: [a], order: alphabetical }', '5:29: inputs › order: must be one of "seeded", "written"'],
    ['inputs: { bytes: ["68 69", "6g"] }', '5:28: inputs › bytes › 1: not bytes in hex: write each input as pairs of hex digits, spaces allowed between them ("68 69 ff")'],
    ['inputs: { bytes: ["68 69 ff"] }', '5:11: inputs › bytes: bytes are answered by a reference server (answer: reference: ...): a built-in or a table answers text'],
  ])('%s is reported at its place: %s', (line, problem) => {
    const file = writeAssignment('inputs', VALID.replace('session: single', `${line}\nsession: single`))
    expect(problemsOf(file)).toEqual([`${file}:${problem}`])
  })

  // `tcp`: the assignment is made a TCP one first; `multiline`: its session too
  test.each([
    ['framing: frames', '', '5:10: framing: must be one of "datagram", "connection", "lines", "until-close"'],
    ['framing: { terminator: "\\r\\n", end: "x" }', 'tcp', '5:32: framing: unknown property "end"'],
    ['framing: { terminator: "" }', 'tcp', '5:24: framing › terminator: must not be empty'],
    ['framing: datagram', 'tcp', '5:10: framing: datagram is the framing of UDP: over TCP use connection, lines, until-close or a terminator'],
    ['framing: lines', '', '5:10: framing: lines frames TCP streams: a UDP message is one datagram (leave framing out, or write datagram)'],
    ['framing: { terminator: "\\r\\n" }', '', '5:24: framing › terminator: a terminator frames TCP streams: a UDP message is one datagram (leave framing out)'],
    ['framing: until-close', 'multiline', '5:10: framing: until-close sends one message per connection, but a multiline session sends every line on one connection: use lines or a terminator'],
  ])('%s (%s) is reported at its place: %s', (line, kind, problem) => {
    let text = VALID.replace('session: single', `${line}\nsession: ${kind === 'multiline' ? 'multiline' : 'single'}`)
    if (kind) text = text.replace('transport: udp', 'transport: tcp')
    const file = writeAssignment('framing', text)
    expect(problemsOf(file)).toEqual([`${file}:${problem}`])
  })

  // A dialogue replaces the answer; over TCP its messages need an end. Each problem is at its place
  const DIALOGUE_TCP = VALID.replace('transport: udp', 'transport: tcp').replace('answer: uppercase\n', '').replace('session: single', 'session: single\nframing: lines')
  test.each([
    ['dialogue:\n  - { sned: HELO }', '15:7: dialogue › 0: unknown property "sned"'],
    ['dialogue:\n  - {}', '15:5: dialogue › 0: a step needs one of send, expect, repeat or start-tls'],
    ['dialogue:\n  - { send: HELO, expect: "250 .*" }', '15:19: dialogue › 0 › expect: a step is one of send, expect, repeat or start-tls, not send and expect: make them steps of their own'],
    ['dialogue:\n  - { send: HELO, optional: true }', '15:19: dialogue › 0 › optional: optional goes with expect, not with send'],
    ['dialogue:\n  - { send: "STAT {id}" }', '15:13: dialogue › 0 › send: {id} is neither a capture of an earlier expect (a named group, as (?<id>...), in a step that is not optional) nor a template field (int, choice, word, sentence)'],
    ['dialogue:\n  - { expect: "250 (" }', '15:15: dialogue › 0 › expect: not a valid regular expression: Invalid regular expression: /250 (/su: Unterminated group'],
    ['dialogue:\n  - { repeat: 2, steps: [] }', '15:25: dialogue › 0 › steps: must not be empty'],
    ['dialogue:\n  - { repeat: 2 }', '15:7: dialogue › 0 › repeat: repeat needs the steps it repeats (steps: [...])'],
    ['dialogue:\n  - { expect: "250 .*", printed: true }', '15:25: dialogue › 0 › printed: printed goes with send, not with expect'],
    ['client-dialogue:\n  - { send: "{ip}" }', '15:13: client-dialogue › 0 › send: {ip} is neither a capture of an earlier expect (a named group, as (?<ip>...), in a step that is not optional) nor a template field (int, choice, word, sentence)'],
  ])('%s is reported at its place: %s', (line, problem) => {
    const file = writeAssignment('dialogue', `${DIALOGUE_TCP}${line}\n`)
    expect(problemsOf(file)).toEqual([`${file}:${problem}`])
  })

  // The steps' settings for protocols like SMTP, and the named client dialogues: each problem at its place
  test.each([
    ['client-dialogue:\n  - { expect: HELO, name: helo }\n  - { expect: MAIL, name: helo }', '16:27: client-dialogue › 1 › name: the name "helo" is given to an earlier step too: names tell checks which message to judge'],
    ['client-dialogue:\n  - { expect: HELO, strict: "HELO (" }', '15:29: client-dialogue › 0 › strict: not a valid regular expression: Invalid regular expression: /HELO (/su: Unterminated group'],
    ['client-dialogue:\n  - { send: "220", hold-ms: 0 }', '15:29: client-dialogue › 0 › hold-ms: must be at least 1'],
    ['client-dialogue:\n  - { send: "220", name: greeting }', '15:20: client-dialogue › 0 › name: name goes with expect, not with send'],
    ['client-dialogue:\n  - { expect: "220" }\nclient-dialogues:\n  refused:\n    - { expect: "(", or-close: true }', '18:17: client-dialogues › refused › 0 › expect: not a valid regular expression: Invalid regular expression: /(/su: Unterminated group'],
    // Branches (then:) and TLS (start-tls)
    ['client-dialogue:\n  - { expect: STARTTLS, then: [{ send: "220" }] }', '15:25: client-dialogue › 0 › then: then: steps run only when an optional step matched: give this step optional: true (or make them steps of their own)'],
    ['client-dialogue:\n  - { send: "220", then: [{ send: "220" }] }', '15:20: client-dialogue › 0 › then: then goes with expect, not with send'],
    ['client-dialogue:\n  - { expect: STARTTLS, optional: true, then: [{ start-tls: true, send: "x" }] }', '15:50: client-dialogue › 0 › then › 0 › start-tls: a step is one of send, expect, repeat or start-tls, not send and start-tls: make them steps of their own'],
    ['client-dialogue:\n  - { start-tls: false }', '15:18: client-dialogue › 0 › start-tls: must be true'],
    ['dialogue:\n  - { send: "STARTTLS" }\n  - { start-tls: true }', '16:7: dialogue › 1 › start-tls: start-tls makes the grader the TLS server: it goes in a client dialogue (client-dialogue:, client-dialogues:), where the grader plays the server'],
    // TLS starts once a connection
    ['client-dialogue:\n  - { start-tls: true }\n  - { start-tls: true }', '16:7: client-dialogue › 1 › start-tls: TLS starts once a connection: a dialogue has at most one start-tls step'],
    ['client-dialogue:\n  - { repeat: 2, steps: [{ start-tls: true }] }', '15:28: client-dialogue › 0 › steps › 0 › start-tls: TLS starts once a connection: take start-tls out of the repeat'],
    // A branch's own captures are there for its steps, not after it (it may not have run)
    ['client-dialogue:\n  - { expect: "AUTH (?<kind>.*)", optional: true, then: [{ send: "334 {kind}" }] }\n  - { send: "250 {kind}" }', '16:13: client-dialogue › 1 › send: {kind} is neither a capture of an earlier expect (a named group, as (?<kind>...), in a step that is not optional) nor a template field (int, choice, word, sentence)'],
    ['client-dialogue:\n  - { expect: HELO, name: helo, optional: true, then: [{ expect: MAIL, name: helo }] }', '15:78: client-dialogue › 0 › then › 0 › name: the name "helo" is given to an earlier step too: names tell checks which message to judge'],
  ])('%s is reported at its place: %s', (line, problem) => {
    const file = writeAssignment('dialogue-steps', `${DIALOGUE_TCP}${line}\n`)
    expect(problemsOf(file)).toEqual([`${file}:${problem}`])
  })

  test('lines-until needs the lines framing; hold-ms needs TCP', () => {
    const terminator = writeAssignment('lines-until', `${DIALOGUE_TCP.replace('framing: lines', 'framing: { terminator: "\\r\\n" }')}client-dialogue:\n  - { expect: ".*", lines-until: "\\\\." }\n`)
    expect(problemsOf(terminator)).toEqual([`${terminator}:15:21: client-dialogue › 0 › lines-until: lines-until reads a message line by line: it needs framing: lines`])
    const udp = writeAssignment('hold-udp', `${VALID.replace('answer: uppercase\n', '')}dialogue:\n  - { send: hi, hold-ms: 100 }\n`)
    expect(problemsOf(udp)).toEqual([`${udp}:14:17: dialogue › 0 › hold-ms: hold-ms looks for bytes that came early on a TCP stream: a UDP dialogue has none`])
  })

  test('a dialogue that sends twice under until-close is refused: the first send ends the grader\'s side', () => {
    const file = writeAssignment('dialogue-until-close', `${DIALOGUE_TCP.replace('framing: lines', 'framing: until-close')}dialogue:\n  - { send: a }\n  - { send: b }\n`)
    expect(problemsOf(file)).toEqual([`${file}:14:1: dialogue: under framing: until-close the grader sends one message, ended by closing its side, but this dialogue sends 2: use lines or a terminator`])
  })

  test('a client dialogue over UDP is refused: the grader plays a TCP server only', () => {
    const udp = writeAssignment('client-dialogue-udp', `${VALID.replace('answer: uppercase\n', '')}client-dialogue:\n  - { expect: "hi" }\n`)
    expect(problemsOf(udp)).toEqual([`${udp}:13:1: client-dialogue: a client dialogue is played over TCP for now: the grader cannot yet play a UDP server step by step`])
  })

  test('a lossy server loads as written; over TCP, with ranges upside down, or dropping none or all, it is refused', () => {
    const lossy = (section: string, transport = 'udp') => writeAssignment(`lossy-${transport}`, `${VALID.replace('transport: udp', `transport: ${transport}`)}lossy-server:\n${section}`)
    const ok = '  datagrams: 10\n  drops: { min: 2, max: 3 }\n  delay-ms: { min: 30, max: 250 }\n'
    expect(loadAssignmentFile(lossy(ok))['lossy-server']).toEqual({ datagrams: 10, drops: { min: 2, max: 3 }, 'delay-ms': { min: 30, max: 250 } })
    const tcp = lossy(ok, 'tcp')
    expect(problemsOf(tcp)).toEqual([`${tcp}:14:1: lossy-server: the grader plays a lossy server over UDP only: give transport: udp`])
    const upside = lossy(ok.replace('min: 30, max: 250', 'min: 250, max: 30'))
    expect(problemsOf(upside)).toEqual([`${upside}:17:13: lossy-server › delay-ms: min (250) is more than max (30)`])
    const none = lossy(ok.replace('min: 2, max: 3', 'min: 0, max: 3'))
    expect(problemsOf(none)).toEqual([`${none}:16:17: lossy-server › drops › min: must be at least 1: a client is graded on what it does when an answer never comes`])
    const all = lossy(ok.replace('min: 2, max: 3', 'min: 2, max: 10'))
    expect(problemsOf(all)).toEqual([`${all}:16:25: lossy-server › drops › max: must be less than datagrams (10): some datagrams must be answered`])
    const missing = lossy('  datagrams: 10\n')
    expect(problemsOf(missing).length).toBeGreaterThan(0)
  })

  test('a dialogue over TCP one message per connection is refused; with lines it loads, with no answer', () => {
    const perConnection = writeAssignment('dialogue-connection', `${DIALOGUE_TCP.replace('framing: lines\n', '')}dialogue:\n  - { send: HELO }\n`)
    expect(problemsOf(perConnection)).toEqual([`${perConnection}:13:1: dialogue: a dialogue over TCP needs messages that end: give framing: lines, a terminator ({ terminator: "\\r\\n" }) or until-close`])
    const loaded = loadAssignmentFile(writeAssignment('dialogue-ok', `${DIALOGUE_TCP}dialogue:\n  - { send: HELO }\n  - { expect: "250 .*", timeout-ms: 800 }\n`))
    expect(loaded.answer).toBeUndefined()
    expect(loaded.dialogue).toEqual([{ send: 'HELO' }, { expect: '250 .*', 'timeout-ms': 800 }])
  })

  test('a usable framing loads as written', () => {
    const file = writeAssignment('framing-ok', VALID.replace('transport: udp', 'transport: tcp').replace('session: single', 'framing: { terminator: "\\r\\n.\\r\\n" }\nsession: multiline'))
    expect(loadAssignmentFile(file).framing).toEqual({ terminator: '\r\n.\r\n' })
  })

  test('a table answer loads with its answers as text, and answers only its own inputs', () => {
    const table = writeAssignment('table', VALID.replace('answer: uppercase\n', TABLE.replace('Not Found', '418')))
    expect(loadAssignmentFile(table).answer).toEqual({ table: { '200': 'OK', '404': '418' } })
    const listed = writeAssignment('table-list', VALID.replace('answer: uppercase\n', `${TABLE}inputs: { list: ["404", "500"] }\n`))
    expect(problemsOf(listed)).toEqual([`${listed}:8:25: inputs › list › 1: "500" is not an input of the answer table`])
    const template = writeAssignment('table-template', VALID.replace('answer: uppercase\n', `${TABLE}inputs: { template: "{int:1..9}" }\n`))
    expect(problemsOf(template)).toEqual([`${template}:8:1: inputs: a table answers only its own inputs: leave inputs out, or give a list of them`])
    const empty = writeAssignment('table-empty', VALID.replace('answer: uppercase\n', 'answer: { table: {} }\n'))
    expect(problemsOf(empty)).toEqual([`${empty}:4:18: answer › table: must not be empty`])
    const wrong = writeAssignment('table-wrong', VALID.replace('answer: uppercase\n', 'answer: { table: { a: [b] } }\n'))
    expect(problemsOf(wrong)).toEqual([`${wrong}:4:23: answer › table › a: must be a string or a whole number`])
    // 1.50 would be read as 1.5, and a correct reply "1.50" would fail: such answers are written as text
    const fraction = writeAssignment('table-fraction', VALID.replace('answer: uppercase\n', 'answer: { table: { half: 0.50 } }\n'))
    expect(problemsOf(fraction)).toEqual([`${fraction}:4:26: answer › table › half: must be a string or a whole number`])
    const emptyKey = writeAssignment('table-empty-key', VALID.replace('answer: uppercase\n', 'answer: { table: { "": nothing } }\n'))
    expect(problemsOf(emptyKey)).toEqual([`${emptyKey}:4:20: answer › table › : an input cannot be empty`])
    const twoLines = writeAssignment('table-two-lines', VALID.replace('answer: uppercase\n', 'answer: { table: { "a\\nb": ab } }\n'))
    expect(problemsOf(twoLines)).toEqual([`${twoLines}:4:20: answer › table › a\nb: an input cannot hold a line break: a client reads one line per input, and lines end at one`])
  })
})
