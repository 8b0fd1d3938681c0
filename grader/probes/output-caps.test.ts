import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { MAX_KEPT_BYTES } from '../net/tcp.js'
import { checkOf, gradeFixture } from '../test-support/grade-fixture.js'

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name)

// What a student program sends or prints is read up to a cap; past it the check fails at once, saying so
describe.concurrent('caps on what a program can make the grader hold', () => {
  test('a TCP server that streams without end after its reply is failed with the overflow, its bytes cut at the cap', async () => {
    const report = await gradeFixture('uppercase-tcp', fixture('streams-after-reply'), ['server-listens', 'server-answers-basic'])
    const answers = checkOf(report, 'server-answers-basic')
    expect(answers.status).toBe('failed')
    expect(answers.message).toMatch(new RegExp(`^Sent ".+": The server kept sending after ${MAX_KEPT_BYTES} bytes, far more than any reply, so the grader stopped reading$`))
    // The reply and what followed it were kept up to the cap, no further, and the report shows their start
    const received = answers.transcript?.find((line) => line.dir === 'received')?.text ?? ''
    expect(received).toMatch(new RegExp(`^"[A-Z ]+\\\\nMORE MORE [A-Z ]+…" \\(${MAX_KEPT_BYTES} bytes\\)$`))
    expect(JSON.stringify(report).length).toBeLessThan(20_000)
  })

  test('a client that floods stdout is stopped at the cap and judged for it, not for something else', async () => {
    const report = await gradeFixture('uppercase-udp', fixture('floods-after-sending'), ['client-sends-line', 'client-prints-reply', 'client-exits-cleanly'])
    expect(checkOf(report, 'client-sends-line').status).toBe('passed')
    expect(checkOf(report, 'client-prints-reply').message).toMatch(/^The client printed more than 65536 bytes, so the grader stopped it: reply 1, ".+ \[\d{4}\]", is not in what it printed before that$/)
    expect(checkOf(report, 'client-exits-cleanly').message).toBe('The client printed more than 65536 bytes, so the grader stopped it before it exited')
  })
})
