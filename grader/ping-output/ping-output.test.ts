import { describe, expect, test } from 'vitest'
import { attributeOutput, type SentPing } from './attribute.js'
import { asDuration, matchesDuration, numbersIn } from './durations.js'
import { rttIn } from './rtt.js'
import { matchesLoss, summaryIn } from './stats.js'

const durationOf = (text: string, nearMs: number) => asDuration(numbersIn(text)[0]!, nearMs)

describe('a printed duration', () => {
  test.each([
    ['0.123456 s', 123.456, 's', true],
    ['123ms', 123, 'ms', true],
    ['0.12', 120, 's', false],
    ['123', 123, 'ms', false],
    ['123456 µs', 123.456, 'µs', true],
    ['123456 us', 123.456, 'µs', true],
    ['123456789 ns', 123.456789, 'ns', true],
    ['1.23e-01', 123, 's', false],
    ['0:00:00.123456', 123.456, 's', true],
    ['0.25 seconds', 250, 's', true],
  ] as const)('%s is %d ms, in %s (labelled: %s)', (text, ms, unit, labelled) => {
    const read = durationOf(text, 120)
    expect(read.ms).toBeCloseTo(ms, 3)
    expect(read.unit).toBe(unit)
    expect(read.labelled).toBe(labelled)
  })

  test('matches a range, widened by the printed rounding', () => {
    expect(matchesDuration(durationOf('0.123 s', 0), { loMs: 115, hiMs: 220 })).toBe(true)
    expect(matchesDuration(durationOf('0.219 s', 0), { loMs: 115, hiMs: 220 })).toBe(true)
    expect(matchesDuration(durationOf('0.230 s', 0), { loMs: 115, hiMs: 220 })).toBe(false)
    // A made-up RTT below what the answer took is never right
    expect(matchesDuration(durationOf('0.100 s', 0), { loMs: 115, hiMs: 220 })).toBe(false)
    // "0.1" s printed with one decimal may stand for 0.05 to 0.15
    expect(matchesDuration(durationOf('0.1 s', 0), { loMs: 115, hiMs: 220 })).toBe(true)
    // Milliseconds labelled as seconds are 1000 times too long
    expect(matchesDuration(durationOf('123.4 s', 0), { loMs: 115, hiMs: 220 })).toBe(false)
  })
})

describe('the RTT of a ping\'s output', () => {
  test.each([
    ['Reply: ␣\nRTT: 0.050123 s\n', 50.123],
    ['␣ RTT:50ms\n', 50],
    ['␣ RTT (ms): 50.5\n', 50.5],
    ['Round trip time in seconds = 0.05\n', 50],
    ['␣ 2 packets so far, took 0.0501\n', 50.1],
    ['Sequence   0.05\n', 50],
    ['␣\nRTT: 0:00:00.050321\n', 50.321],
  ])('in %j is %d ms', (segment, ms) => {
    expect(rttIn(segment.replaceAll('␣', '                '), 50)?.ms).toBeCloseTo(ms, 3)
  })

  test('is missing when nothing in the output is a number', () => {
    expect(rttIn('Reply received\n', 50)).toBeUndefined()
  })
})

const PINGS: SentPing[] = [
  { text: 'Ping 1 1700000000.5', reply: 'PING 1 1700000000.5' },
  { text: 'Ping 2 1700000000.7' },
  { text: 'Ping 3 1700000001.8', reply: 'PING 3 1700000001.8' },
]

describe('attributing output to pings', () => {
  test('the textbook shape: the answer and its RTT, or a timeout line, per ping, then a summary', () => {
    const out = 'Pinging...\nReply: PING 1 1700000000.5\nRTT: 0.05 s\nRequest timed out\nReply: PING 3 1700000001.8\nRTT: 0.2 s\nmin 0.05 max 0.2\n'
    const [one, two, three] = attributeOutput(out, PINGS)
    expect(one?.replyAt).toBe(out.indexOf('PING 1'))
    expect(rttIn(one!.segment, 50)?.ms).toBeCloseTo(50)
    expect(two?.timeoutAt).toBe(out.indexOf('Request'))
    expect(rttIn(three!.segment, 200)?.ms).toBeCloseTo(200)
  })

  test('the answer as a bytes repr, the RTT on the next line, the sequence number and time never taken for an RTT', () => {
    const out = "b'PING 1 1700000000.5'\nRTT: 0.051\n\nPing 2 1700000000.7 Request timed out\nb'PING 3 1700000001.8'\nRTT: 0.203\n"
    const [one, two, three] = attributeOutput(out, PINGS)
    expect(one?.replyAt).toBe(2)
    expect(two?.timeoutAt).toBe(out.indexOf('Ping 2'))
    expect(rttIn(one!.segment, 50)?.ms).toBeCloseTo(51)
    expect(rttIn(three!.segment, 200)?.ms).toBeCloseTo(203)
  })

  test('a client that echoes each ping before its answer: the echo is not an RTT', () => {
    const out = 'Sent Ping 1 1700000000.5\nPING 1 1700000000.5 50 ms\nSent Ping 2 1700000000.7\nTIMEOUT\nSent Ping 3 1700000001.8\nPING 3 1700000001.8 200 ms\n'
    const outputs = attributeOutput(out, PINGS)
    expect(outputs.map((o) => rttIn(o.segment, 100)?.ms)).toEqual([50, undefined, 200])
    expect(outputs[1]?.timeoutAt).toBe(out.indexOf('TIMEOUT'))
  })

  test('a timeout wording without "timed out" or "timeout", and an answer never printed, leave the ping unmarked', () => {
    const outputs = attributeOutput('PING 1 1700000000.5 RTT 0.05\n请求超时\nRTT 0.2\n', PINGS)
    expect(outputs[1]).toEqual({ segment: '' })
    expect(outputs[2]).toEqual({ segment: '' })
  })

  test('a timeout line printed where an answer came is not given to a later lost ping', () => {
    // The client gave up on ping 1 (too short a timeout) and printed the answers of pings 3 only
    const outputs = attributeOutput('Request timed out\nRequest timed out\nPING 3 1700000001.8 RTT 0.2\n', PINGS)
    expect(outputs[1]?.timeoutAt).toBe(0)
  })
})

describe('the summary a client prints', () => {
  const truth = { minMs: 31, maxMs: 240, avgMs: 120 }

  test('in ping(8)\'s words', () => {
    const summary = summaryIn('10 packets transmitted, 7 received, 30% packet loss\nrtt min/avg/max/mdev = 31.2/120.5/240.1/70.3 ms\n', truth)
    expect([summary.minMs?.ms, summary.avgMs?.ms, summary.maxMs?.ms]).toEqual([31.2, 120.5, 240.1])
    expect(summary.loss).toMatchObject({ value: 30, percent: true })
    expect(matchesLoss(summary.loss!, 3, 10)).toBe(true)
  })

  test('as students write it: names before values, seconds, a loss as a fraction or a count', () => {
    const summary = summaryIn('Minimum RTT: 0.031 s\nMaximum RTT: 0.240 s\nAverage RTT: 0.120 s\nPacket loss rate: 0.3\n', truth)
    expect([summary.minMs?.ms, summary.maxMs?.ms, summary.avgMs?.ms]).toEqual([31, 240, 120])
    expect(matchesLoss(summary.loss!, 3, 10)).toBe(true)
    expect(matchesLoss(summaryIn('3 packets lost', truth).loss!, 3, 10)).toBe(true)
    expect(matchesLoss(summaryIn('loss rate 20%', truth).loss!, 3, 10)).toBe(false)
  })

  test('missing parts are missing', () => {
    expect(summaryIn('done\n', truth)).toEqual({})
  })
})
