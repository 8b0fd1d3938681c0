import { describe, expect, test } from 'vitest'
import { seededRandom } from '../random.js'
import { dialogueProblem, expectPattern, sendText, unrolledSteps, untilCloseProblem, type DialogueStepSpec } from './dialogue.js'

describe('unrolledSteps', () => {
  test('repeats are unrolled, each step named by its place and round', () => {
    const spec: DialogueStepSpec[] = [{ expect: '220 .*' }, { repeat: 2, steps: [{ send: 'RCPT' }, { expect: '250 .*', 'timeout-ms': 800 }] }, { send: 'QUIT' }]
    expect(unrolledSteps(spec).map((step) => `${step.kind} ${step.label}`)).toEqual([
      'expect step 1',
      'send step 2.1, round 1 of 2',
      'expect step 2.2, round 1 of 2',
      'send step 2.1, round 2 of 2',
      'expect step 2.2, round 2 of 2',
      'send step 3',
    ])
    expect(unrolledSteps(spec)[2]).toMatchObject({ timeoutMs: 800, optional: false })
  })

  test('a repeat inside a repeat names both rounds, the outer first', () => {
    const spec: DialogueStepSpec[] = [{ repeat: 2, steps: [{ repeat: 2, steps: [{ send: 'x' }] }] }]
    expect(unrolledSteps(spec).map((step) => step.label)).toEqual(['step 1.1.1, round 1 of 2, 1 of 2', 'step 1.1.1, round 1 of 2, 2 of 2', 'step 1.1.1, round 2 of 2, 1 of 2', 'step 1.1.1, round 2 of 2, 2 of 2'])
  })
})

describe('sendText and expectPattern', () => {
  test('captures go in as text, template fields are drawn from the seed, the same for the same seed', () => {
    const captures = new Map([['id', '42{x}']])
    const first = sendText('STAT {id} {int:1..9} {word}', captures, seededRandom(7, 'c'))
    expect(first).toMatch(/^STAT 42\{x\} [1-9] [a-z]+$/)
    expect(sendText('STAT {id} {int:1..9} {word}', captures, seededRandom(7, 'c'))).toBe(first)
  })

  test('a pattern matches a whole message, a capture in it literally', () => {
    const captures = new Map([['id', '4.2']])
    expect(expectPattern('250 {id} queued', captures).test('250 4.2 queued')).toBe(true)
    expect(expectPattern('250 {id} queued', captures).test('250 4x2 queued')).toBe(false)
    expect(expectPattern('250 .*', captures).test('xx 250 OK')).toBe(false)
    expect(expectPattern('250 .*', captures).test('250 one\r\ntwo')).toBe(true)
    expect(expectPattern('(?<code>\\d{3}) .*', captures).exec('354 go')?.groups).toEqual({ code: '354' })
  })

  // Captures come from the student's program: any text must go in literally, and compile
  test.each(['ab-12', 'a.b*c', '(x)[y]{z}', 'back\\slash/', '^$|?+'])('a captured %j is matched literally', (value) => {
    const pattern = expectPattern('250 {id} queued', new Map([['id', value]]))
    expect(pattern.test(`250 ${value} queued`)).toBe(true)
    expect(pattern.test(`250 ${value}x queued`)).toBe(false)
  })
})

describe('dialogueProblem', () => {
  test.each([
    [[{ send: 'STAT {id}' }], '/dialogue/0/send', /^\{id\} is neither a capture of an earlier expect/],
    [[{ expect: '250 {id}' }], '/dialogue/0/expect', /^\{id\} is not a capture of an earlier expect/],
    [[{ expect: '(?<id>\\d+)', optional: true }, { send: '{id}' }], '/dialogue/1/send', /^\{id\} is neither a capture/],
    [[{ send: '{int:9..1}' }], '/dialogue/0/send', /the range goes down/],
    [[{ expect: '250 (' }], '/dialogue/0/expect', /^not a valid regular expression/],
    [[{ repeat: 2, steps: [{ expect: '[' }] }], '/dialogue/0/steps/0/expect', /^not a valid regular expression/],
    [[{ expect: 'a)|(b' }], '/dialogue/0/expect', /^not a valid regular expression/],
  ] as [DialogueStepSpec[], string, RegExp][])('%j: at %s', (spec, pointer, problem) => {
    expect(dialogueProblem(spec)).toMatchObject({ pointer, problem: expect.stringMatching(problem) })
  })

  test('a capture of an earlier expect, inside a repeat too, and template fields are usable', () => {
    expect(dialogueProblem([{ expect: 'OK (?<id>\\d+)' }, { repeat: 2, steps: [{ send: 'GET {id} {word}' }, { expect: '{id} .*' }] }])).toBeUndefined()
  })
})

describe('untilCloseProblem', () => {
  test('one send (with any number of expects) is a dialogue until-close can carry; two are not', () => {
    expect(untilCloseProblem([{ send: 'GET /' }, { expect: 'HTTP.*' }])).toBeUndefined()
    expect(untilCloseProblem([{ repeat: 2, steps: [{ send: 'x' }] }])).toMatchObject({ pointer: '/dialogue', problem: expect.stringContaining('this dialogue sends 2') })
  })
})
