import { expect, test } from 'vitest'
import type { TranscriptLine } from '../../report.js'
import { sequenceDiagram, studentLane } from './sequence-diagram.js'

const transcript: TranscriptLine[] = [
  { dir: 'note', text: 'Ran the client with host 127.0.0.1, port 4000' },
  { dir: 'received', text: 'datagram: "hi"' },
  { dir: 'sent', text: '"<HI>"' },
]

test('an arrow per message in order, the direction written out, the bytes escaped', () => {
  const svg = sequenceDiagram(transcript, 'student client').value
  expect([...svg.matchAll(/<li class="(\w+)">/g)].map((m) => m[1])).toEqual(['note', 'received', 'sent'])
  expect(svg).toContain('<li class="received"><span class="sr">client sent: </span><code>datagram: &#34;hi&#34;</code></li>')
  expect(svg).toContain('<li class="sent"><span class="sr">grader sent: </span><code>&#34;&#60;HI&#62;&#34;</code></li>')
  expect(svg).toContain('<span>grader</span><span>student client</span>')
})

test("the student's lane is the client for client checks, the server otherwise", () => {
  expect(studentLane({ id: 'client-prints-reply', transcript: [] })).toBe('student client')
  expect(studentLane({ id: 'prints-reply', transcript })).toBe('student client')
  expect(studentLane({ id: 'server-handles-concurrent-clients', transcript: [{ dir: 'sent', text: 'x' }] })).toBe('student server')
})
