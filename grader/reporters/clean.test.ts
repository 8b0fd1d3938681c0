import { describe, expect, test } from 'vitest'
import { cleanText, printable, truncate, truncateBytes } from './clean.js'

describe('cleanText', () => {
  test.each([
    { name: 'an OSC hyperlink and a DCS string', text: 'a\u001b]8;;http://x\u001b\\b\u001bPq#0\u001b\\c', clean: 'abc' },
    { name: 'carriage returns (a line rewritten in place)', text: 'fake\rreal\r\nnext', clean: 'fake\nreal\nnext' },
    { name: 'the code points XML 1.0 forbids', text: 'a\u0001\u000b\u000c\ufffe\uffffb', clean: 'a\ufffd\ufffdb' },
  ])('removes $name', ({ text, clean }) => {
    expect(cleanText(text)).toBe(clean)
  })
})

describe('printable', () => {
  test('keeps a name on one line: breaks and tabs become one space', () => {
    expect(printable('Ann\n::error::x\r\n\tB\u2028C')).toBe('Ann ::error::x B C')
  })
})

describe('truncate and truncateBytes', () => {
  test('truncate counts characters and says how many were left out', () => {
    expect(truncate('abcdef', 3)).toBe('abc… (3 more characters)')
  })
  test('truncateBytes keeps within the byte budget, note included, and never splits a character', () => {
    const text = 'é'.repeat(1000)
    for (const budget of [50, 51, 100, 1999]) {
      const cut = truncateBytes(text, budget)
      expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(budget)
      expect(cut).toMatch(/^é+\n… \(cut to fit\)$/)
    }
    expect(truncateBytes('short', 100)).toBe('short')
  })
})
