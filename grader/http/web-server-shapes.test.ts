// Web servers as students really write them, graded in both isolation modes: each shape gets the verdict a careful TA
// gives it, and a message or hint that names what is wrong
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { lostCheckIds, type GradeReport } from '../report.js'
import { gradeShape, said, shapeModes } from '../test-support/grade-shape.js'

const fixtures = join(import.meta.dirname, 'fixtures')
const grade = (fixture: string, isolation: 'host' | 'sandbox'): Promise<GradeReport> => gradeShape('web-server', join(fixtures, fixture), { seed: 7, isolation })

describe.each(shapeModes)('web servers as students write them (%s)', (isolation) => {
  test('the handout filled in (text-mode read, one character per send, port 6789 fixed): full points, the advisory checks name each shortcut', { timeout: 60_000 }, async () => {
    const report = await grade('handout-shape', isolation)
    expect(report.score).toBe(report.maxScore)
    expect(lostCheckIds(report)).toEqual(['client-fetches-page', 'content-type', 'serves-binary-file', 'serves-concurrently', 'survives-malformed-request'])
    expect(said(report, 'serves-binary-file')).toContain("open(name, 'rb')")
    expect(said(report, 'survives-malformed-request')).toContain('fewer words')
    expect(said(report, 'content-type')).toContain('no Content-Type header')
  })

  test('a client.py that reads once prints the header only: told to read until the server closes', { timeout: 60_000 }, async () => {
    const report = await grade('client-reads-once', isolation)
    expect(lostCheckIds(report)).toEqual(['client-fetches-page'])
    expect(said(report, 'client-fetches-page')).toContain("Read until the server closes the connection (recv() in a loop until it returns b'')")
  })

  test('read(1024): the page fits, the image is cut, and the hint says why', { timeout: 60_000 }, async () => {
    const report = await grade('reads-1024-bytes', isolation)
    expect(lostCheckIds(report)).toEqual(['serves-binary-file'])
    expect(said(report, 'serves-binary-file')).toContain('the first 1024 of the file')
    expect(said(report, 'serves-binary-file')).toContain('read(1024)')
  })

  test('a server that asks for its address, then its port, on stdin gets both typed and full marks, with a note', { timeout: 60_000 }, async () => {
    const report = await grade('asks-host-and-port', isolation)
    expect(lostCheckIds(report)).toEqual(['client-fetches-page'])
    expect(report.notes?.join('\n')).toMatch(/the grader typed 127\.0\.0\.1 \(after "Hosti:"\), then \d+ \(after "Porti:"\)/)
  })

  test('a server on a fixed port of its own (8080) is found and graded there: the advisory server-listens says so', { timeout: 60_000 }, async () => {
    const report = await grade('fixed-port-8080', isolation)
    expect(lostCheckIds(report)).toEqual(['server-listens'])
    expect(report.score).toBe(report.maxScore + 2)
    expect(said(report, 'server-listens')).toContain('The server listens on TCP port 8080')
  })

  test('the optional client without the blank line that ends a request: the extra credit is lost, and the message shows what it sent', { timeout: 60_000 }, async () => {
    const report = await grade('client-no-blank-line', isolation)
    expect(lostCheckIds(report)).toEqual(['client-fetches-page'])
    expect(said(report, 'client-fetches-page')).toContain('GET /HelloWorld.html HTTP/1.1\\r\\nHost: ')
  })

  test('a Java web server declared in sockgrade.yaml gets full marks', { timeout: 90_000 }, async () => {
    const report = await grade('java-web-server', isolation)
    expect(report.harnessError).toBeUndefined()
    expect(lostCheckIds(report)).toEqual(['client-fetches-page'])
    expect(report.score).toBe(report.maxScore + 1)
  })
})
