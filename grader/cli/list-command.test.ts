import { describe, expect, test } from 'vitest'
import { main } from '../cli.js'
import { packageRoot } from '../paths.js'
import { probes } from '../probes/index.js'

async function run(argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {}, cwd: packageRoot })
  return { code, stdout, stderr }
}

describe('list --probes', () => {
  test('one block per probe of the registry, in its order', async () => {
    const { code, stdout, stderr } = await run(['list', '--probes'])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(stdout.split('\n\n').map((block) => block.split(' ')[0])).toEqual(Object.keys(probes))
  })

  test.each([
    {
      probe: 'server-answers',
      block: [
        'server-answers (server, UDP/TCP)',
        '  Answers seeded inputs correctly, one client each (sentences of the given kinds, where the inputs are sentences)',
        '  params:',
        '    count  whole number, 1 to 20, required',
        '    kinds  list (no repeats) of one of "basic", "mixed-case", "digits", "punctuation", "non-ascii", at least 1 item, optional',
        '  fits: count-s-tcp, count-s-udp, multiline-tcp, multiline-udp, uppercase-tcp, uppercase-udp',
      ],
    },
    {
      probe: 'server-reply-digits-only',
      block: ['server-reply-digits-only (server, UDP/TCP)', '  Replies with the count as decimal digits and nothing else', '  params: none', '  needs: answers that are numbers (answer: count-s, or a table of counts)', '  fits: count-s-tcp, count-s-udp'],
    },
    {
      probe: 'server-answers-lines-on-one-connection',
      block: [
        'server-answers-lines-on-one-connection (server, TCP)',
        '  Sends every line of a session on one connection and checks each reply against the answer, in order; each reply must end as its line did (a newline, or the terminator the assignment frames with)',
        '  params:',
        '    lines  whole number, 2 to 20, required',
        '  needs: session: multiline',
        '  fits: multiline-tcp',
      ],
    },
    {
      probe: 'server-handles-split-message',
      block: ['server-handles-split-message (server, TCP)', '  Answers a message that arrives in two writes', '  params: none', '  needs: framing: lines or terminator or until-close', '  fits: multiline-tcp'],
    },
  ])('$probe: its params (type, range, required) and the assignments it fits', async ({ probe, block }) => {
    const { stdout } = await run(['list', '--probes'])
    expect(stdout.trimEnd().split('\n\n').find((b) => b.startsWith(`${probe} `))).toBe(block.join('\n'))
  })
})

describe('list with a course', () => {
  const course = 'docs/example-course'

  test("the course's assignments follow the bundled ones, each saying what answers it", async () => {
    const { code, stdout } = await run(['list', '--course', course])
    expect(code).toBe(0)
    const rows = stdout.trimEnd().split('\n').map((row) => row.split(/\s{2,}/))
    expect(rows.map((row) => row[0])).toEqual(['count-s-tcp', 'count-s-udp', 'multiline-tcp', 'multiline-udp', 'smtp-client', 'udp-pinger', 'uppercase-tcp', 'uppercase-udp', 'web-proxy', 'web-server', 'calc-tcp', 'kv-tcp', 'reverse-udp', 'shout-udp'])
    expect(rows.find((row) => row[0] === 'kv-tcp')).toEqual(['kv-tcp', 'TCP', 'kv_server.py + kv_client.py', '12 points', 'answer: reference kv_server.py', 'A key-value store over TCP'])
    expect(rows.find((row) => row[0] === 'shout-udp')?.[4]).toBe('answer: uppercase')
    const bundledOnly = await run(['list'])
    expect(bundledOnly.stdout).not.toContain('kv-tcp')
  })

  test('--probes: what each probe fits counts the course assignments', async () => {
    const { stdout } = await run(['list', '--probes', '--course', course])
    const block = stdout.trimEnd().split('\n\n').find((b) => b.startsWith('server-answers-lines-on-one-connection '))
    expect(block?.split('\n').at(-1)).toBe('  fits: multiline-tcp, kv-tcp')
  })
})
