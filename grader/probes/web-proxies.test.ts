import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { lostCheckIds, type GradeReport } from '../report.js'
import { gradeShape, shapeModes } from '../test-support/grade-shape.js'

// Shapes of public proxies the bundled web-proxy lab must grade as a careful TA would, against the grader's origin:
// each graded with the bundled rubric, in both isolation modes
const fixtures = join(import.meta.dirname, 'fixtures', 'web-proxies')
const GRADING_MS = 60_000

const graded = (fixture: string, isolation: 'host' | 'sandbox'): Promise<GradeReport> => gradeShape('web-proxy', join(fixtures, fixture), { seed: 5, isolation })

const check = (report: GradeReport, id: string) => report.checks.find((c) => c.id === id)
describe.each(shapeModes)('in --isolation %s', (isolation) => {
  // Its address as argv[1] and 8888 fixed; "www." dropped before connecting; the URL itself as the cache file's name
  test("the handout's skeleton, filled in, gets every scored point; the advisories name the absolute form and the '..'", { timeout: GRADING_MS }, async () => {
    const report = await graded('handout-skeleton', isolation)
    expect(lostCheckIds(report)).toEqual(['absolute-uri', 'cache-stays-inside', 'forwards-post'])
    expect(report.score).toBe(report.maxScore)
    expect(check(report, 'relays-page')?.message).toBe('the proxy asked the origin for example.org, without "www.": the same site here, as on most of the web')
    expect(check(report, 'cache-stays-inside')?.message).toBe('GET /www.example.org/../notes.html was answered with notes.html, the file beside the proxy: the URL\'s ".." led the cache outside its folder')
    expect(check(report, 'absolute-uri')?.message).toMatch(/the proxy asked the origin "GET \/www\.example\.org\/absolute\.html HTTP\/1\.0" and got 404: the host is still in the path/)
    // In the sandbox its first start dies binding "8888" as an address: it is started again with 127.0.0.1, and told
    const retried = (report.notes ?? []).some((note) => note.startsWith('the server took its argument for the address to bind'))
    expect(retried).toBe(isolation === 'sandbox')
  })

  test('a proxy that asks for its port with input() gets it typed, and full marks', { timeout: GRADING_MS }, async () => {
    const report = await graded('prompts-for-port', isolation)
    expect(lostCheckIds(report)).toEqual([])
    expect(report.notes?.some((note) => note.startsWith('the server asked on its standard input, and the grader typed'))).toBe(true)
  })

  test('a proxy that forwards a POST as a GET loses only the extra credit, told what the origin got', { timeout: GRADING_MS }, async () => {
    const report = await graded('post-sent-as-get', isolation)
    expect(lostCheckIds(report)).toEqual(['forwards-post'])
    expect(check(report, 'forwards-post')?.message).toMatch(/^POST \/www\.example\.org\/form\.html with the form "name=sockgrade&number=\d+": the origin got "GET \/form\.html HTTP\/1\.0", not a POST$/)
  })
})
