import MarkdownIt from 'markdown-it'
import { describe, expect, test } from 'vitest'
import type { CheckResult, GradeReport } from '../report.js'
import { markdown } from './markdown.js'
import { HOSTILE, hostileReport, literalReport, sampleClass } from './fixtures/reports.js'

// As GitHub renders a step summary or a comment: raw HTML allowed, bare URLs and emails made links
const md = new MarkdownIt({ html: true, linkify: true })
const render = (report: GradeReport) => markdown.render(report, { color: false })
const html = (text: string) => md.render(text)

// The tags the reporter itself produces; anything else would have come from a student
const OWN_TAGS = new Set(['p', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'strong', 'em', 'h2', 'h3', 'h4', 'pre', 'code', 'blockquote'])
const tags = (page: string) => [...page.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => (m[1] as string).toLowerCase())
const bodyRows = (page: string) => [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...(row[1] as string).matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]))
const textOf = (page: string) => page.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')

describe('markdown reporter', () => {
  test('renders the literal report', async () => {
    await expect(render(literalReport)).toMatchFileSnapshot('__snapshots__/markdown.md')
  })

  test('a heading with the score, a table with a row per check, details for the ones that did not pass', () => {
    const page = html(render(literalReport))
    expect(page).toContain('<h2>uppercase-tcp: 6/10 (60%) + 1 extra credit</h2>')
    expect(bodyRows(page)).toEqual([
      ['✅', '<strong>server-listens</strong> Server listens on the port it is given', '1/1'],
      ['❌', '<strong>server-answers-basic</strong> Server answers a simple sentence', '0/2'],
      ['➖', '<strong>client-exits-cleanly</strong> Client exits with status 0', '0/1 (hidden)'],
      ['❗', '<strong>server-survives-invalid-utf8</strong> Server survives bytes that are not UTF-8', 'advisory'],
      ['✅', '<strong>server-handles-concurrent-clients</strong> Server answers a client while another is connected', '+1/1 extra (after due date)'],
    ])
    expect([...page.matchAll(/<h4>(.*?)<\/h4>/g)].map((m) => m[1])).toEqual(['❌ server-answers-basic: Server answers a simple sentence', '➖ client-exits-cleanly: Client exits with status 0', '❗ server-survives-invalid-utf8: Server survives bytes that are not UTF-8'])
    expect(page).toContain('<p><strong>Hint:</strong> The reply is the message unchanged: is the transformed text the one sent back?</p>')
    expect(page).toContain('<pre><code>→ &quot;hello&quot;\n← &quot;hello&quot;\n</code></pre>')
  })

  test('nothing a student printed becomes a link, an image, HTML, a heading, a mention or a reference', () => {
    const page = html(render(hostileReport))
    expect(page).not.toMatch(/<a[\s>]|<img|<script|<details|<h1|<h5|<h6/i)
    expect(tags(page).filter((tag) => !OWN_TAGS.has(tag))).toEqual([])
    // Our own headings only: the score, the details title, one per check that did not pass
    expect(tags(page).filter((t) => /^h\d$/.test(t)).length / 2).toBe(1 + 1 + 4)
    // GitHub finds mentions and references in text outside code: none there, though the code block keeps them
    expect(textOf(page.replace(/<pre>[\s\S]*?<\/pre>/g, ''))).not.toMatch(/[@#][a-z0-9]/i)
    expect(page).toMatch(/<pre><code>[^<]*@octocat #1/)
    // Each row of the table stays a row: a pipe a student printed splits no cell
    expect(bodyRows(page).map((row) => row.length)).toEqual([3, 3, 3, 3])
  })

  test('the hostile text reads as itself: escaped in paragraphs, verbatim in the transcript block', () => {
    const page = html(render(hostileReport))
    const said = textOf(page).replace(/\u200b/g, '')
    for (const piece of ['<script>alert(1)</script>', '[x](javascript:alert(1)) ![](http://evil.example/pixel.png)', '@octocat #1', '> quote | pipe \\ backslash ``` fence ````', 'cdata]]>end']) expect(said).toContain(piece)
    const block = /<pre><code>([\s\S]*?)<\/code><\/pre>/.exec(page)?.[1] ?? ''
    expect(textOf(block)).toContain('← nul\nescred\ncdata]]>end\n<script>alert(1)</script>')
    expect(textOf(block)).toContain('## second\n> quote | pipe \\ backslash ``` fence ````\n& &amp; "quoted"')
    expect(render(hostileReport)).toContain('`````\n→ hello')
  })

  test('a table cell escapes | \\ and HTML, and a line break in it is a <br>', () => {
    const named = { ...literalReport, checks: [{ ...literalReport.checks[0]!, name: 'a | b \\ c <i>d</i> & e\nf' }] }
    const text = render(named)
    expect(text).toContain('| ✅ | **server\\-listens** a \\| b \\\\ c &lt;i&gt;d&lt;/i&gt; &amp; e<br>f | 1/1 |')
    expect(bodyRows(html(text))).toEqual([['✅', '<strong>server-listens</strong> a | b \\ c &lt;i&gt;d&lt;/i&gt; &amp; e<br>f', '1/1']])
  })

  test('a document too big for a GitHub comment keeps every check, with shorter transcripts', () => {
    const noisy: CheckResult = { ...literalReport.checks[1]!, transcript: Array.from({ length: 40 }, (_, i) => ({ dir: 'received' as const, text: `${i} ${'y'.repeat(1500)}` })) }
    const big = { ...literalReport, checks: Array.from({ length: 30 }, (_, i) => ({ ...noisy, id: `check-${i}` })) }
    const text = render(big)
    expect(text.length).toBeLessThanOrEqual(65_536)
    expect(text).not.toContain('cut to fit')
    expect(bodyRows(html(text))).toHaveLength(30)
    expect(text).toContain('#### ❌ check\\-29')
    expect(text).toContain('… 37 more transcript lines')
  })

  test('a document that cannot fit even without transcripts is cut at a line, saying so', () => {
    const huge = { ...literalReport, checks: Array.from({ length: 2_000 }, (_, i) => ({ ...literalReport.checks[1]!, id: `check-${i}`, name: 'n'.repeat(100) })) }
    const text = render(huge)
    expect(text.length).toBeLessThanOrEqual(65_536)
    expect(text.endsWith('_… cut to fit the 65,536 characters of a GitHub comment_\n')).toBe(true)
  })

  test('a not-gradable report says why and lists no details', () => {
    const notGradable: GradeReport = { ...literalReport, gradable: false, notGradableReason: 'Cannot find "TCPServer.py" in the submission', score: 0, extraScore: 0, checks: literalReport.checks.map((c) => ({ ...c, status: 'skipped', score: 0 })) }
    const page = html(render(notGradable))
    expect(page).toContain('<strong>Not gradable:</strong> Cannot find &quot;TCPServer.py&quot; in the submission')
    expect(page).not.toContain('<h3>')
  })

  test('renderClass: a table of students and the checks failed most', () => {
    const page = html(markdown.renderClass!(sampleClass(), { color: false }))
    expect(page).not.toMatch(/<a[\s>]/)
    const [students, checks] = [...page.matchAll(/<tbody>[\s\S]*?<\/tbody>/g)].map((m) => bodyRows(m[0]))
    expect(students).toEqual([
      ['<strong>1001</strong> Ada Lovelace', '10/10 + 1 extra', '100%', 'Full marks'],
      ['<strong>1002</strong> Zoë Ångström, Jr.', '10/10', '100%', 'Full marks'],
      ['<strong>1003</strong> Bob &quot;Bobby&quot; Tables', '6/10', '60%', 'Partial'],
      ['<strong>1004</strong> =HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)', '0/10', '0%', 'Zero'],
      ['<strong>1005</strong> 李小龍', '0/10', '0%', 'Not gradable'],
      ['<strong>1006</strong> Line<br>Break', '—', '—', 'Grader error'],
    ])
    expect(checks?.map((row) => row[0])).toEqual(['<strong>server-answers-basic</strong> Server answers a simple sentence', '<strong>server-listens</strong> Server listens on the port it is given', '<strong>client-prints-reply</strong> Client prints the reply', '<strong>server-concurrent</strong> Server answers two clients at once'])
    expect(checks?.[0]).toEqual(['<strong>server-answers-basic</strong> Server answers a simple sentence', '4', '2', '1', '1', '50%'])
  })

  test('is a pure function: the same report renders the same text', () => {
    expect(render(literalReport)).toBe(render(structuredClone(literalReport)))
    expect(markdown.renderClass!(sampleClass(), { color: false })).toBe(markdown.renderClass!(sampleClass(), { color: false }))
  })

  test('the hostile fixture holds what the escaping is for', () => {
    expect(HOSTILE).toMatch(/<img[\s\S]*\]\(javascript:[\s\S]*@octocat/)
  })
})
