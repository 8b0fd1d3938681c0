import { describe, expect, test } from 'vitest'
import { STUDENT_YAML_LIMITS } from './bounded-parse.js'
import { parseLocatedYaml } from './located-yaml.js'
import { syntaxProblems } from './syntax-problems.js'

// "Billion laughs": each line a list of nine aliases of the line above, 9^9 values once expanded
const BILLION_LAUGHS = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n') + '\n'
const BOMB_MESSAGE = 'f.yaml:5:8: alias "*d" brings the values aliases repeat past 10000: use fewer aliases'
// Lists inside a mapping: the mapping is level 1, so `lists` more levels
const flowLists = (lists: number, closed = true) => `k: ${'['.repeat(lists)}${closed ? ']'.repeat(lists) : ''}\n`
// Mappings inside one another, one a line, each indented one column more
const blockMaps = (levels: number) => Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n'
const LONG_NAME = 'n'.repeat(5000)

describe('parseLocatedYaml refuses what would exhaust the grader, in one line at the place', () => {
  test.each([
    { name: 'a billion laughs', text: BILLION_LAUGHS, errors: [BOMB_MESSAGE] },
    {
      name: 'a billion laughs in keys',
      text: `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b {${Array.from({ length: 10 }, (_, i) => `*a : ${i}`).join(', ')}}\nc: &c {${Array.from({ length: 10 }, (_, i) => `*b : ${i}`).join(', ')}}\nd: [${Array(10).fill('*c').join(', ')}]\n`,
      errors: ['f.yaml:4:33: alias "*c" brings the values aliases repeat past 10000: use fewer aliases'],
    },
    { name: 'lists nested 64 deep in a mapping', text: flowLists(64), errors: ['f.yaml:1:67: lists and mappings are nested more than 64 deep here: nest them less'] },
    { name: 'lists nested 60,000 deep', text: flowLists(60_000), errors: ['f.yaml:1:67: lists and mappings are nested more than 64 deep here: nest them less'] },
    { name: 'lists opened 5,000 deep and never closed', text: flowLists(5000, false), errors: ['f.yaml:1:67: lists and mappings are nested more than 64 deep here: nest them less'] },
    { name: 'block mappings 65 deep', text: blockMaps(65), errors: ['f.yaml:65:65: lists and mappings are nested more than 64 deep here: nest them less'] },
    { name: 'an alias inside the list it names', text: 'a: &a [*a]\n', errors: ['f.yaml:1:8: alias "*a" is inside the value it repeats: a value cannot contain itself'] },
    { name: 'an alias inside the mapping it names', text: 'a: &a { b: [1, *a] }\n', errors: ['f.yaml:1:16: alias "*a" is inside the value it repeats: a value cannot contain itself'] },
    { name: 'an alias of no anchor', text: 'a: 1\nb: *x\n', errors: ['f.yaml:2:4: alias "*x" names no anchor before it: put "&x" on a value above it'] },
    { name: 'an alias before its anchor', text: 'a: *x\nb: &x 1\n', errors: ['f.yaml:1:4: alias "*x" names no anchor before it: put "&x" on a value above it'] },
    {
      name: 'an alias of no anchor with a 5,000-character name',
      text: `a: *${LONG_NAME}\n`,
      errors: [`f.yaml:1:4: alias "*${'n'.repeat(199)}…" names no anchor before it: put "&${'n'.repeat(199)}…" on a value above it`],
    },
    { name: 'a file over 256 KB', text: `a: ${'x'.repeat(256 * 1024)}\n`, errors: ['f.yaml:1:1: the file is larger than 256 KB, the most sockgrade reads'] },
    { name: 'a duplicate key of 900 characters', text: `${'k'.repeat(900)}: 1\n${'k'.repeat(900)}: 2\n`, errors: [`f.yaml:2:1: duplicate key "${'k'.repeat(200)}…"`] },
  ])('$name', ({ text, errors }) => {
    const parsed = parseLocatedYaml(text, 'f.yaml')
    expect(parsed.syntaxErrors).toEqual(errors)
    expect(parsed.value).toBeUndefined()
  })

  test('a student file over 16 KB is refused by its size', () => {
    expect(parseLocatedYaml(`server: ${'x'.repeat(16 * 1024)}\n`, 'sockgrade.yaml', STUDENT_YAML_LIMITS).syntaxErrors).toEqual(['sockgrade.yaml:1:1: the file is larger than 16 KB, the most sockgrade reads'])
  })

  test('a billion laughs is refused in well under a second', () => {
    const started = performance.now()
    parseLocatedYaml(BILLION_LAUGHS, 'f.yaml')
    expect(performance.now() - started).toBeLessThan(1000)
  })
})

describe('parseLocatedYaml still reads what stays within the limits', () => {
  test.each([
    { name: 'an anchor repeated 200 times (the yaml library alone stops at 100)', text: `a: &a x\nb: [${Array(200).fill('*a').join(', ')}]\n`, value: { a: 'x', b: Array(200).fill('x') } },
    { name: 'lists nested 63 deep in a mapping', text: flowLists(63), value: { k: JSON.parse(`${'['.repeat(63)}${']'.repeat(63)}`) as unknown } },
    { name: 'block mappings 64 deep', text: blockMaps(64), value: JSON.parse(`${Array.from({ length: 64 }, (_, i) => `{"k${i}":`).join('')}"x"${'}'.repeat(64)}`) as unknown },
    { name: 'an anchor named again: the last one before the alias', text: 'a: &x 1\nb: *x\nc: &x 2\nd: *x\n', value: { a: 1, b: 1, c: 2, d: 2 } },
    { name: 'an alias of a list holding aliases', text: 'a: &a [1, 2]\nb: &b [*a, *a]\nc: *b\n', value: { a: [1, 2], b: [[1, 2], [1, 2]], c: [[1, 2], [1, 2]] } },
  ])('$name', ({ text, value }) => {
    const parsed = parseLocatedYaml(text, 'f.yaml')
    expect(parsed.syntaxErrors).toEqual([])
    expect(parsed.value).toEqual(value)
  })
})

describe('syntaxProblems', () => {
  test.each([
    { name: 'a billion laughs', text: BILLION_LAUGHS, problems: [BOMB_MESSAGE] },
    { name: 'lists nested 60,000 deep', text: flowLists(60_000, false), problems: ['f.yaml:1:67: lists and mappings are nested more than 64 deep here: nest them less'] },
  ])('a file past a limit is that one line, without its source: $name', ({ text, problems }) => {
    expect(syntaxProblems(text, 'f.yaml')).toEqual(problems)
  })
})
