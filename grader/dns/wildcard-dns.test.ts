import { createSocket } from 'node:dgram'
import { Resolver } from 'node:dns/promises'
import { afterEach, expect, test } from 'vitest'
import { startWildcardDns, type WildcardDns } from './wildcard-dns.js'

const started: WildcardDns[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((dns) => dns.close()))
})

// Node's own resolver (c-ares, not the grader's parser) asking the responder on a port of its own
async function resolverFor(dns: WildcardDns): Promise<Resolver> {
  const resolver = new Resolver({ timeout: 5000, tries: 1 })
  resolver.setServers([`127.0.0.1:${dns.port}`])
  return resolver
}

test('every name, real or made up, resolves to 127.0.0.1', async () => {
  const dns = await startWildcardDns({ host: '127.0.0.1', port: 0 })
  started.push(dns)
  const resolver = await resolverFor(dns)
  for (const name of ['smtp.gmail.com', 'mail.cs.example.edu', 'no-such-host-anywhere', 'www.example.org']) {
    expect(await resolver.resolve4(name)).toEqual(['127.0.0.1'])
  }
})

test('AAAA and MX questions get an empty answer, not an address the grader does not listen on', async () => {
  const dns = await startWildcardDns({ host: '127.0.0.1', port: 0 })
  started.push(dns)
  const resolver = await resolverFor(dns)
  await expect(resolver.resolve6('smtp.gmail.com')).rejects.toMatchObject({ code: 'ENODATA' })
  await expect(resolver.resolveMx('gmail.com')).rejects.toMatchObject({ code: 'ENODATA' })
})

test('garbage gets no reply, and the responder still answers the next query', async () => {
  const dns = await startWildcardDns({ host: '127.0.0.1', port: 0 })
  started.push(dns)
  const socket = createSocket('udp4')
  const replies: Buffer[] = []
  socket.on('message', (message) => replies.push(message))
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()))
  // Too short; a response (QR set); a name that runs past the end
  const garbage = [Buffer.from('hi'), Buffer.from('000181800001000000000000', 'hex'), Buffer.from('0001010000010000000000003f616263', 'hex')]
  for (const datagram of garbage) socket.send(datagram, dns.port, '127.0.0.1')
  const resolver = await resolverFor(dns)
  expect(await resolver.resolve4('after.garbage.test')).toEqual(['127.0.0.1'])
  socket.close()
  expect(replies).toEqual([])
})
