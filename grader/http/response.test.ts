import { describe, expect, test } from 'vitest'
import { servedFiles } from '../files/served-files.js'
import { bodyProblem } from './body.js'
import { parseResponse } from './response.js'
import { headerFormProblem, statusProblem } from './status-line.js'

const parse = (text: string | Buffer) => parseResponse(Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'))
const [page, image] = servedFiles([{ name: 'HelloWorld.html', kind: 'html' }, { name: 'logo.png', kind: 'binary' }], 11) as [ReturnType<typeof servedFiles>[0], ReturnType<typeof servedFiles>[0]]

describe('parseResponse and the status line, on the shapes students send', () => {
  test('a well-formed response', () => {
    const response = parse('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>hi</p>')
    expect(response).toMatchObject({ status: 200, statusLine: 'HTTP/1.1 200 OK', crlfHeader: true, leadingNewlines: false, headerEnded: true })
    expect(response.body.toString()).toBe('<p>hi</p>')
    expect(statusProblem(response, 200, 'OK')).toBeUndefined()
    expect(headerFormProblem(response)).toBeUndefined()
  })

  test.each([
    ['\nHTTP/1.1 200 OK\r\n\r\nx', undefined, 'a newline came before the status line'],
    ['HTTP/1.1 200 OK\n\nx', undefined, 'header lines ended with "\\n" alone'],
    ['\nHTTP/1.1 200 OK\n\nx', undefined, 'a newline came before the status line, and header lines ended with "\\n" alone'],
    ['HTTP/1.1 200 OK\r\nA: b\n\r\n\r\nx', undefined, 'header lines ended with "\\n" alone'],
    ['HTTP/1.1 200 OK\r\nx', undefined, 'no blank line ended the header'],
    ['HTTP//1.1 200 OK\n\nx', 'the status line was "HTTP//1.1 200 OK"', 'header lines ended with "\\n" alone'],
    ['200 OK\r\n\r\nx', 'the response began "200 OK", with no HTTP version', undefined],
    ['HTTP/1.0 404 Not Found\r\n\r\n', 'the status line was "HTTP/1.0 404 Not Found", not 200', undefined],
    ['<html>hi</html>', 'the response began "<html>hi</html>", not a status line', 'no blank line ended the header'],
  ])('%j', (raw, status, form) => {
    const response = parse(raw)
    expect(statusProblem(response, 200, 'OK')?.problem).toBe(status)
    expect(headerFormProblem(response)?.problem).toBe(form)
  })

  test('a 404 page sent as 200 is no 404', () => {
    expect(statusProblem(parse('HTTP/1.1 200 OK \r\n\r\n 404 Not Found'), 404, 'Not Found')?.problem).toBe('the status line was "HTTP/1.1 200 OK ", not 404')
  })
})

describe('bodyProblem', () => {
  test('the file, alone or with the skeleton\'s trailing CR LF (or LF), is right', () => {
    for (const end of ['', '\r\n', '\n']) expect(bodyProblem(page, Buffer.concat([page.bytes, Buffer.from(end)]))).toBeUndefined()
    expect(bodyProblem(page, Buffer.concat([page.bytes, Buffer.from('\r\n\r\n')]))).toBeDefined()
  })

  test('a page stays on one line and under 1024 bytes, so a server that rewrites newlines or reads 1024 bytes serves it whole', () => {
    expect(page.bytes.includes('\n')).toBe(false)
    expect(page.bytes.length).toBeLessThan(1024)
  })

  test('a file cut at 1024 bytes is named', () => {
    expect(bodyProblem(image, image.bytes.subarray(0, 1024))?.hint).toContain('read(1024)')
  })

  test('bytes decoded and encoded again as UTF-8 are named', () => {
    const mangled = Buffer.from(image.bytes.toString('latin1'), 'utf8')
    expect(bodyProblem(image, mangled)?.hint).toContain("'rb'")
  })

  test('bytes after the whole file, or a file cut short, are said as such', () => {
    expect(bodyProblem(page, Buffer.concat([page.bytes, Buffer.from('0\r\n\r\n')]))?.problem).toBe(`the body was the whole file (${page.bytes.length} bytes) and then 5 more: "0\\r\\n\\r\\n"`)
    expect(bodyProblem(page, page.bytes.subarray(0, 30))?.problem).toBe(`the body stopped after 30 of the file's ${page.bytes.length} bytes`)
  })

  test('any other difference says where', () => {
    const changed = Buffer.from(page.bytes)
    changed[40] = 0x21
    expect(bodyProblem(page, changed)?.problem).toMatch(/they differ from byte 40/)
  })

  test('the contents are seeded: the same seed gives the same bytes, another seed others', () => {
    const again = servedFiles([{ name: 'logo.png', kind: 'binary' }], 11)[0]
    const other = servedFiles([{ name: 'logo.png', kind: 'binary' }], 12)[0]
    expect(again?.bytes.equals(image.bytes)).toBe(true)
    expect(other?.bytes.equals(image.bytes)).toBe(false)
    expect(new Set(image.bytes).size).toBe(256)
  })
})
