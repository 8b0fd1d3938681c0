import { execFile } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type Server } from 'node:net'
import { TLSSocket } from 'node:tls'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { freePort } from '../net/ports.js'
import { resolvePython } from '../process/python.js'
import { throwawayCa } from './throwaway-ca.js'

const ca = throwawayCa()
const scratch = mkdtempSync(join(tmpdir(), 'sockgrade-ca-'))
const caFile = join(scratch, 'ca.pem')
writeFileSync(caFile, ca.certPem)
let server: Server
let port: number

beforeAll(async () => {
  port = await freePort()
  // A plain TCP server that starts TLS on each connection, as the grader's SMTP server does after STARTTLS
  server = createServer((socket) => {
    const tls = new TLSSocket(socket, { isServer: true, ...ca.serverOptions })
    tls.on('error', () => undefined)
    tls.once('secure', () => tls.end('hello over tls\n'))
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  rmSync(scratch, { recursive: true, force: true })
})

// Python's own TLS client, told to trust the throw-away authority as the grader tells a student's client to
async function pythonConnects(code: string, trust = true): Promise<string> {
  const python = (await resolvePython()).executable
  const env = { PATH: process.env.PATH ?? '', ...(trust ? { SSL_CERT_FILE: caFile } : {}) }
  const script = `import socket, ssl, sys\nsock = socket.create_connection(('127.0.0.1', ${port}))\n${code}\nprint(tls.version(), tls.recv(100).decode().strip())`
  const { stdout } = await promisify(execFile)(python, ['-c', script], { env, timeout: 20_000 })
  return stdout.trim()
}

test('the authority is a CA certificate that signs a leaf naming the host asked for', () => {
  const authority = new X509Certificate(ca.certPem)
  expect(authority.ca).toBe(true)
  expect(authority.checkIssued(authority)).toBe(true)
  const days = (Date.parse(authority.validTo) - Date.now()) / 86_400_000
  expect(days).toBeGreaterThan(0.9)
  expect(days).toBeLessThan(1.1)
})

test.each(['localhost', 'smtp.gmail.com', 'mail.example.org'])("a verifying client (Python's create_default_context) trusts the certificate for %s", async (host) => {
  const out = await pythonConnects(`tls = ssl.create_default_context().wrap_socket(sock, server_hostname='${host}')`)
  expect(out).toMatch(/^TLSv1\.[23] hello over tls$/)
})

// A client given an IP address sends no name: the default certificate names both loopback addresses and localhost
test.each(['127.0.0.1', '::1'])('the certificates pass X.509 strict checks (Python 3.13 turns them on), for the address %s too', async (address) => {
  const out = await pythonConnects(`ctx = ssl.create_default_context()\nctx.verify_flags |= ssl.VERIFY_X509_STRICT\ntls = ctx.wrap_socket(sock, server_hostname='${address}')`)
  expect(out).toMatch(/hello over tls$/)
})

test('a client that does not verify and names no host (the old ssl.wrap_socket) gets the loopback certificate', async () => {
  const out = await pythonConnects(`ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\ntls = ctx.wrap_socket(sock)\nprint(tls.getpeercert(binary_form=True) is not None)`, false)
  expect(out).toMatch(/^True\nTLSv1\.[23] hello over tls$/)
})

test('without the authority a verifying client refuses it: the trust comes from SSL_CERT_FILE alone', async () => {
  await expect(pythonConnects(`tls = ssl.create_default_context().wrap_socket(sock, server_hostname='localhost')`, false)).rejects.toThrow(/CERTIFICATE_VERIFY_FAILED/)
})
