import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { UsageError } from '../errors.js'
import { reporters } from '../reporters/index.js'
import { printsToStdout, reporterTargets } from './reporter-option.js'

describe('reporterTargets', () => {
  test('NAME goes to stdout, NAME=PATH to a file resolved against the working folder, in the order given', () => {
    const targets = reporterTargets(['terminal', 'json=out/report.json', 'json=-'], '/work')
    expect(targets.map((t) => [t.reporter.name, t.path, t.label])).toEqual([
      ['terminal', undefined, undefined],
      ['json', join('/work', 'out/report.json'), 'out/report.json'],
      ['json', undefined, undefined],
    ])
  })
  test('--json and --reporter json would print the report twice: refused, saying why', () => {
    expect(() => reporterTargets(['json'], '/w', true)).toThrow('The json reporter would print to stdout twice (--json is --reporter json)')
  })
  test('--json comes first, as --reporter json on stdout', () => {
    const targets = reporterTargets(['terminal=t.txt'], '/w', true)
    expect(targets.map((t) => t.reporter)).toEqual([reporters.json, reporters.terminal])
    expect(printsToStdout(targets)).toBe(true)
    expect(printsToStdout(reporterTargets(['terminal=t.txt'], '/w'))).toBe(false)
  })
  test.each([
    { name: 'an unknown name, with the nearest', values: ['jsno'], message: 'Unknown reporter "jsno": did you mean "json"? (known: ' },
    { name: 'an unknown name far from any', values: ['xlsx'], message: 'Unknown reporter "xlsx" (known: ' },
    { name: 'an empty path', values: ['json='], message: '--reporter json= needs a file after "=", or no "=" for standard output' },
    { name: 'two reporters to one file', values: ['json=a.out', 'terminal=./a.out'], message: `Two reporters would write ${join('/w', 'a.out')}: give each its own file` },
    { name: 'one reporter twice on stdout', values: ['junit', 'junit=-'], message: 'The junit reporter would print to stdout twice' },
  ])('refuses $name with a usage error', ({ values, message }) => {
    expect(() => reporterTargets(values, '/w')).toThrow(UsageError)
    expect(() => reporterTargets(values, '/w')).toThrow(message)
  })
})
