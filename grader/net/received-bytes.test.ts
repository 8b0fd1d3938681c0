import { expect, test } from 'vitest'
import { ReceivedBytes } from './received-bytes.js'

// Bytes arrive in chunks wherever the network splits them: a terminator of several bytes may span two or three
test('a terminator split across chunks is found where it starts, and taking through it leaves the rest', () => {
  const bytes = new ReceivedBytes(1024)
  for (const chunk of ['one\r', '\n.\r', '\nrest']) bytes.push(Buffer.from(chunk))
  const terminator = Buffer.from('\r\n.\r\n')
  expect(bytes.indexOf(terminator)).toBe(3)
  expect(bytes.take(3 + terminator.length).toString()).toBe('one\r\n.\r\n')
  expect(bytes.indexOf(terminator)).toBe(-1)
  expect(bytes.take(bytes.length).toString()).toBe('rest')
})

test('one byte is looked for chunk by chunk; bytes put back come first', () => {
  const bytes = new ReceivedBytes(1024)
  bytes.push(Buffer.from('ab'))
  bytes.push(Buffer.from('c\nd'))
  expect(bytes.indexOf(Buffer.from('\n'))).toBe(3)
  const early = bytes.take(2)
  bytes.unshift(early)
  expect(bytes.length).toBe(5)
  expect(bytes.take(4).toString()).toBe('abc\n')
})
