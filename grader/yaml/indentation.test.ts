import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { assignmentsDir, defaultRubricPath } from '../paths.js'
import { indentationMistakes } from './indentation.js'
import { codeFrame } from './syntax-problems.js'

describe('indentationMistakes', () => {
  test.each([
    { name: 'the bundled rubric', text: readFileSync(defaultRubricPath, 'utf8') },
    { name: 'an assignment.yaml', text: readFileSync(join(assignmentsDir, 'uppercase-udp', 'assignment.yaml'), 'utf8') },
    { name: 'a list flush with its key', text: 'a:\n- x\n- y\nb: 1\n' },
    { name: 'a block scalar with deeper lines', text: 'a: |\n  text: here\n    deeper: x\nb: 1\n' },
    { name: 'a flow list over two lines', text: 'a: [1,\n    2]\nb: 1\n' },
    { name: 'a plain value over two lines', text: 'a:\n  b: plain\n    continued\n  c: 1\n' },
  ])('finds nothing in valid YAML: $name', ({ text }) => {
    expect(indentationMistakes(text).mistakes).toEqual([])
  })

  test('repairs a misplaced list item and moves its keys with it', () => {
    const text = 'a:\n  - x: 1\n    y: 2\n- x: 3\n  y: 4\n'
    expect(indentationMistakes(text)).toEqual({
      mistakes: [{ line: 4, col: 1, message: 'this list item is indented 2 columns less than the list items above it' }],
      repaired: 'a:\n  - x: 1\n    y: 2\n  - x: 3\n    y: 4\n',
    })
  })
})

describe('codeFrame', () => {
  test('shows the line and a caret under the column, keeping tabs so the caret lines up', () => {
    expect(codeFrame('a: 1\n\tb: x\n', 2, 2)).toBe('  2 | \tb: x\n    | \t^')
  })

  test.each([
    { name: 'in the middle', col: 500, frame: `  1 | …${'x'.repeat(120)}…\n    | ${' '.repeat(61)}^` },
    { name: 'near the start', col: 2, frame: `  1 | a: ${'x'.repeat(117)}…\n    |  ^` },
    { name: 'near the end', col: 1004, frame: `  1 | …${'x'.repeat(118)} b\n    | ${' '.repeat(119)}^` },
  ])('of a 1,005-character line shows 120 characters around the column, the caret under it: $name', ({ col, frame }) => {
    expect(codeFrame(`a: ${'x'.repeat(1000)} b\n`, 1, col)).toBe(frame)
  })
})
