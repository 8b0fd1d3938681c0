import { describe, expect, test } from 'vitest'
import { comparatorFor, type CompareSpec } from './compare.js'

// [rule, answer, reply, passes, hint (undefined: none)]
const cases: [CompareSpec, string, string, boolean, (string | RegExp)?][] = [
  ['exact', 'HELLO', 'HELLO', true],
  ['exact', 'HELLO', 'HELLO\n', false, 'The reply differs only in the spaces, newlines or NULs at its end: send exactly the answer'],
  ['trimmed', 'HELLO', 'HELLO\r\n\0\0 ', true],
  ['trimmed', 'HELLO', ' HELLO', false, 'The reply starts with spaces or a newline: send the answer alone'],
  ['trimmed', 'HELLO', 'Hello', false, 'The reply differs from the answer only in letter case'],
  ['trimmed', 'HELLO', 'From server: HELLO', false, 'The reply has the answer with more text around it: send the answer alone'],
  ['trimmed', 'HELLO', 'BYE', false],
  ['case-insensitive', 'HELLO', 'hello\n', true],
  ['case-insensitive', 'HELLO', 'help', false],
  ['first-number', '3', 'There are 3 s', true],
  ['first-number', '3', '3.0', true],
  ['first-number', '3', 'four', false, 'The reply has no number in it'],
  ['first-number', '3', '4 s, 3 S', false],
  // A count is the first run of digits, as it always was: a sign or a fraction around it does not count
  ['first-number', '3', 'count:-3', true],
  ['first-number', '3', '3.5', true],
  ['first-number', '-3', 'the result is -3', true],
  ['first-number', '-3', 'the result is 3', false],
  ['first-number', '2.5', 'about 2.5 s', true],
  ['number', '19', '19\n', true],
  ['number', '19', '19\n\0\0', true],
  ['number', '19', ' +19.0 ', true],
  ['number', '19', 'The result is 19', false, 'The reply has the right number with more text around it: send the number alone'],
  ['number', '19', 'twenty', false, 'The reply has no number in it'],
  [{ rule: 'number', tolerance: 0.01 }, '0.3333333333', '0.33', true],
  [{ rule: 'number', tolerance: 0.01 }, '0.3333333333', '0.32', false],
  ['number', '0.3', String(0.1 + 0.2), true],
  // An answer that is not a number (the reference's own error message) is compared as text
  ['number', 'ERROR: division by zero', 'ERROR: division by zero\n', true],
  ['number', 'ERROR: division by zero', '0', false],
  ['lines', 'a\nb\n', 'a\r\nb', true],
  ['lines', 'a\nb', 'b\na', false, 'The reply has the right lines in another order'],
  ['lines', 'a\nb', 'a', false, 'The reply has 1 line, the answer 2'],
  [{ rule: 'lines', order: 'any' }, 'a\nb\nb', 'b\na\nb', true],
  [{ rule: 'lines', order: 'any' }, 'a\nb\nb', 'a\na\nb', false],
  ['json', '{"k": "v", "n": [1, 2]}', '{"n":[1,2],"k":"v"}\n', true],
  ['json', '{"k": "v"}', '{"k": "w"}', false],
  ['json', '{"k": "v"}', "{'k': 'v'}", false, /^The reply is not valid JSON \(Expected property name or '}' in JSON at position 1\b/],
  [{ rule: 'regex', pattern: '^Result: {answer}$' }, '1+1', 'Result: 1+1\n', true],
  // The answer inside the pattern is literal: its + is not a quantifier
  [{ rule: 'regex', pattern: '^Result: {answer}$' }, '1+1', 'Result: 11', false],
  [{ rule: 'regex', pattern: '^#\\d+ {answer}$' }, 'HELLO', '#12 HELLO', true],
  // Replacement patterns in an answer are text like any other
  [{ rule: 'regex', pattern: '^{answer}$' }, '$&', '$&', true],
  [{ rule: 'regex', pattern: '^{answer}$' }, "$'", "$'", true],
]

describe('comparison rules', () => {
  test.each(cases)('%j: answer %j, reply %j: passes %s', (spec, answer, reply, passes, hint) => {
    expect(comparatorFor(spec)(answer, reply)).toEqual(passes ? { ok: true } : { ok: false, hint: hint instanceof RegExp ? expect.stringMatching(hint) : hint })
  })
})
