import { definePingProbe } from './client-ping-run.js'
import { fail, pass } from './probe.js'
import { preview } from './transcript.js'

// "Ping <sequence number> <time>", the word in any case, any amount of space between the parts
const PING = /^\s*ping\s+(\d+)\s+(\S.*?)\s*$/is

// Each ping reads `Ping <seq> <time>`, numbered one by one from 0 or from 1; the time is written however the program
// writes it (time.time(), ctime(), a datetime ...)
export const clientPingFormat = definePingProbe({
  name: 'client-ping-format',
  description: 'Sends each ping as "Ping <seq> <time>", numbered in order from 0 or 1',
  judge({ pings }) {
    let first: number | undefined
    for (const ping of pings) {
      const match = PING.exec(ping.text)
      if (!match) return fail(`Ping ${ping.number} was ${preview(ping.text)}: expected "Ping <sequence number> <time>"`)
      const seq = Number(match[1])
      first ??= seq
      if (first !== 0 && first !== 1) return fail(`The first ping was numbered ${seq} (${preview(ping.text)}): number them from 0 or from 1`)
      const expected = first + ping.number - 1
      if (seq !== expected) return fail(`Ping ${ping.number} was numbered ${seq} (${preview(ping.text)}): ${expected} expected, one more than the ping before`)
    }
    return pass()
  },
})
