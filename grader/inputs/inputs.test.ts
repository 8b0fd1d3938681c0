import { describe, expect, test } from 'vitest'
import { seededRandom } from '../random.js'
import { sentences } from '../sentences.js'
import { inputsFor, inputsSpecProblem } from './inputs.js'
import { parseTemplate } from './template.js'

const random = (label = 'check') => seededRandom(7, label)

describe('inputs', () => {
  test('without inputs: the sentences every assignment had, from the same random stream', () => {
    const inputs = inputsFor({ answer: 'uppercase' })
    expect(inputs.sentences).toBe(true)
    expect(inputs.draw(random(), 6)).toEqual(sentences(random(), 6))
    expect(inputs.draw(random(), 3, ['digits'])).toEqual(sentences(random(), 3, ['digits']))
  })

  test('a list gives every item once, in a seeded order, before any repeats', () => {
    const list = ['a', 'b', 'c', 'd']
    const inputs = inputsFor({ answer: 'uppercase', inputs: { list } })
    const drawn = inputs.draw(random(), 10)
    expect([...drawn.slice(0, 4)].sort()).toEqual(list)
    expect([...drawn.slice(4, 8)].sort()).toEqual(list)
    expect(drawn).toHaveLength(10)
    expect(inputs.draw(random(), 10)).toEqual(drawn)
    expect(inputs.draw(random('another check'), 10)).not.toEqual(drawn)
  })

  test("a table's inputs are its keys when inputs are not given", () => {
    const inputs = inputsFor({ answer: { table: { '200': 'OK', '404': 'Not Found' } } })
    expect(inputs.sentences).toBe(false)
    expect([...inputs.draw(random(), 2)].sort()).toEqual(['200', '404'])
  })

  test('a template fills each field anew, within its range and choices', () => {
    const inputs = inputsFor({ answer: 'uppercase', inputs: { template: '{int:1..12} {choice:+,-,*,/} {int:-3..3} = {{?}}' } })
    const drawn = inputs.draw(random(), 200)
    for (const input of drawn) {
      const [, a, op, b] = /^(\d+) ([-+*/]) (-?\d) = \{\?\}$/.exec(input) ?? []
      expect(Number(a)).toBeGreaterThanOrEqual(1)
      expect(Number(a)).toBeLessThanOrEqual(12)
      expect(['+', '-', '*', '/']).toContain(op)
      expect(Math.abs(Number(b))).toBeLessThanOrEqual(3)
    }
    // Every choice and both ends of the ranges come up in 200 draws
    expect(new Set(drawn.map((d) => d.split(' ')[1])).size).toBe(4)
    expect(drawn.some((d) => d.startsWith('12 '))).toBe(true)
    expect(drawn.some((d) => d.includes(' -3 '))).toBe(true)
    expect(inputsFor({ answer: 'uppercase', inputs: { template: '{word} and {sentence}' } }).draw(random(), 1)[0]).toMatch(/^[a-z]+ and [a-z ]+$/)
  })

  test.each([
    ['{int}', '{int} at character 1 needs a range, as {int:1..100}'],
    ['x {int:9..1}', '{int:9..1} at character 3: the range goes down'],
    ['{choice:a,,b}', '{choice} at character 1 needs items separated by commas, as {choice:+,-,*,/}'],
    ['{word:long}', '{word} at character 1 takes no setting'],
    ['{float:1..2}', '{float:1..2} at character 1: unknown field type "float" (one of: int, choice, word, sentence)'],
    ['{int:1..2', 'the field opened at character 1 is not closed with "}"'],
    ['a } b', 'a "}" at character 3 closes no field (write "}}" for a brace)'],
  ])('template %j: %s', (template, problem) => {
    expect(() => parseTemplate(template)).toThrow(problem)
    expect(inputsSpecProblem({ template })).toEqual({ key: 'template', problem })
  })

  test('an input with a line break is refused: a client reads one line per input', () => {
    expect(inputsSpecProblem({ list: ['fine', 'two\nlines'] })).toEqual({ key: 'list', index: 1, problem: expect.stringMatching(/^an input cannot hold a line break/) })
    expect(inputsSpecProblem({ list: ['fine'] })).toBeUndefined()
  })

  test('a template with include: every draw of two or more holds the included inputs at seeded places; one input is the template\'s', () => {
    const inputs = inputsFor({ answer: 'uppercase', inputs: { template: '{int:1..9} + {int:1..9}', include: ['84 / 0'] } })
    const places = new Set<number>()
    for (const label of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const drawn = inputs.draw(random(label), 4)
      expect(drawn.filter((input) => input === '84 / 0')).toHaveLength(1)
      expect(drawn.filter((input) => /^\d \+ \d$/.test(input))).toHaveLength(3)
      places.add(drawn.indexOf('84 / 0'))
      expect(inputs.draw(random(label), 4)).toEqual(drawn)
    }
    // Not always first: a server that special-cases the first input is not spared
    expect(places.size).toBeGreaterThan(1)
    expect(inputs.draw(random(), 1)[0]).toMatch(/^\d \+ \d$/)
    // Without include, the same draws as a template alone: seeds of existing assignments keep their inputs
    expect(inputsFor({ answer: 'uppercase', inputs: { template: '{int:1..9}', include: [] } }).draw(random(), 5)).toEqual(inputsFor({ answer: 'uppercase', inputs: { template: '{int:1..9}' } }).draw(random(), 5))
  })

  test('a list with order: written is sent as written, from its first item, whatever the seed', () => {
    const list = ['SET k v', 'GET k', 'GET j']
    const inputs = inputsFor({ answer: 'uppercase', inputs: { list, order: 'written' } })
    expect(inputs.draw(random('a'), 5)).toEqual(['SET k v', 'GET k', 'GET j', 'SET k v', 'GET k'])
    expect(inputs.draw(random('b'), 2)).toEqual(['SET k v', 'GET k'])
  })

  test('include and order belong to a template and a list; one kind of inputs at a time', () => {
    expect(inputsSpecProblem({ include: ['x'] } as never)).toEqual({ key: 'include', problem: 'include goes with a template: give the template too' })
    expect(inputsSpecProblem({ template: '{word}', order: 'written' } as never)).toEqual({ key: 'order', problem: 'order goes with a list: give the list too' })
    expect(inputsSpecProblem({ list: ['a'], template: '{word}' } as never)).toEqual({ key: 'template', problem: 'give one of sentences, list, template or bytes, not list and template' })
    expect(inputsSpecProblem({ template: '{word}', include: ['ok', ''] })).toEqual({ key: 'include', index: 1, problem: 'an input cannot be empty' })
  })
})
