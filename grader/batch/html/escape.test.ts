import { describe, expect, test } from 'vitest'
import { Markup, cleanText, escapeHtml, html, studentText, truncate } from './escape.js'

describe('escapeHtml', () => {
  test('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;amp;&#60;/a&#62;')
  })
})

describe('cleanText', () => {
  test.each([
    { name: 'colour codes', text: '\u001b[1;31mred\u001b[0m text', clean: 'red text' },
    { name: 'a window title (OSC)', text: '\u001b]0;owned\u0007after', clean: 'after' },
    { name: 'a cursor move', text: 'a\u001b[2Jb\u001b[?25lc', clean: 'abc' },
    { name: 'NUL, bell, backspace, DEL and C1 controls', text: 'a\u0000b\u0007c\u0008d\u007fe\u0085f', clean: 'abcdef' },
    { name: 'a C1 cursor move and bidirectional overrides', text: 'a\u009b2Jb\u202ecba\u202c', clean: 'abcba' },
    { name: 'line and paragraph separators', text: 'a\u2028b\u2029c', clean: 'a b c' },
    { name: 'a lone surrogate', text: 'a\ud800b', clean: 'a\ufffdb' },
    { name: 'tabs, newlines and emoji', text: 'a\tb\nc 😀', clean: 'a\tb\nc 😀' },
  ])('removes $name', ({ text, clean }) => {
    expect(cleanText(text)).toBe(clean)
  })
})

describe('truncate', () => {
  test('keeps short text, cuts long text saying how much is left out', () => {
    expect(truncate('hello', 5)).toBe('hello')
    expect(truncate('hello world', 5)).toBe('hello… (6 more characters)')
  })

  test('never splits a surrogate pair', () => {
    expect(truncate('ab😀cd', 3)).toBe('ab… (4 more characters)')
  })

  test('studentText cleans before it counts', () => {
    expect(studentText(`\u001b[31m${'x'.repeat(10)}\u001b[0m`, 10)).toBe('x'.repeat(10))
  })
})

describe('html', () => {
  test('escapes and cleans every value, arrays included, but keeps Markup', () => {
    const out = html`<p title="${'"><script>'}">${['<b>', html`<i>${'&'}</i>`]}${'\u001b[1m!'}</p>`
    expect(out).toBeInstanceOf(Markup)
    expect(out.value).toBe('<p title="&#34;&#62;&#60;script&#62;">&#60;b&#62;<i>&#38;</i>!</p>')
  })

  test('writes nothing for undefined, null and booleans, and numbers as text', () => {
    expect(html`${undefined}${null}${false}${true}${0}${1.5}`.value).toBe('01.5')
  })
})
