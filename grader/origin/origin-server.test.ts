import { execFile } from 'node:child_process'
import { connect } from 'node:net'
import { promisify } from 'node:util'
import { afterEach, describe, expect, test } from 'vitest'
import { resolvePython } from '../process/python.js'
import { postedPage, type OriginSpec } from './origin-pages.js'
import { startOrigin, type Origin } from './origin-server.js'

const spec: OriginSpec = { port: 80, 'default-host': 'www.example.org', pages: [{ name: 'page.html', kind: 'html' }] }
let origin: Origin | undefined
afterEach(async () => {
  await origin?.close()
  origin = undefined
})

// One request on a connection of its own, the answer read until the origin closes
function ask(port: number, request: string | Buffer, options: { halfClose?: boolean } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = connect(port, '127.0.0.1', () => (options.halfClose ? socket.end(request) : socket.write(request)))
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('end', () => resolve(Buffer.concat(chunks)))
    socket.on('error', reject)
  })
}

const bodyOf = (response: Buffer) => response.subarray(response.indexOf('\r\n\r\n') + 4)
const statusOf = (response: Buffer) => response.toString('latin1').split('\r\n')[0]

describe('the origin web server', () => {
  test('serves each site its own page, the same for www. and without, and counts the hits', async () => {
    origin = await startOrigin({ spec, seed: 7, port: 0 })
    const org = await ask(origin.port, 'GET /page.html HTTP/1.1\r\nHost: www.example.org\r\n\r\n')
    const bare = await ask(origin.port, 'GET /page.html HTTP/1.0\r\nHost: EXAMPLE.org:80\r\n\r\n')
    const net = await ask(origin.port, 'GET /page.html HTTP/1.0\r\nHost: www.example.net\r\n\r\n')
    expect(statusOf(org)).toBe('HTTP/1.1 200 OK')
    expect(bodyOf(org)).toEqual(origin.page('www.example.org', '/page.html'))
    expect(bodyOf(bare)).toEqual(bodyOf(org))
    expect(bodyOf(net)).toEqual(origin.page('www.example.net', '/page.html'))
    expect(bodyOf(net).equals(bodyOf(org))).toBe(false)
    expect(origin.hits('www.example.org', '/page.html')).toBe(2)
    expect(origin.hits('example.net', '/page.html')).toBe(1)
    expect(origin.requests.map((r) => r.site)).toEqual(['example.org', 'example.org', 'example.net'])
  })

  test('pages differ from one seed to the next', async () => {
    origin = await startOrigin({ spec, seed: 7, port: 0 })
    const other = await startOrigin({ spec, seed: 8, port: 0 })
    try {
      expect(origin.page('www.example.org', '/page.html')?.equals(other.page('www.example.org', '/page.html') as Buffer)).toBe(false)
    } finally {
      await other.close()
    }
  })

  test('answers 404 for a path it does not have, the host still in the path included, and logs it', async () => {
    origin = await startOrigin({ spec, seed: 7, port: 0 })
    const response = await ask(origin.port, 'GET /www.example.org/page.html HTTP/1.0\r\nHost: www.example.org\r\n\r\n')
    expect(statusOf(response)).toBe('HTTP/1.1 404 Not Found')
    expect(origin.requests).toMatchObject([{ line: 'GET /www.example.org/page.html HTTP/1.0', path: '/www.example.org/page.html', status: 404 }])
  })

  test('takes the host from an absolute URI, LF line ends, and a request that names none as the default site', async () => {
    origin = await startOrigin({ spec, seed: 7, port: 0 })
    const absolute = await ask(origin.port, 'GET http://www.example.net/page.html HTTP/1.0\n\n')
    const nameless = await ask(origin.port, 'GET /page.html HTTP/1.0\r\n\r\n')
    expect(bodyOf(absolute.subarray(0))).toEqual(origin.page('example.net', '/page.html'))
    expect(bodyOf(nameless)).toEqual(origin.page('www.example.org', '/page.html'))
    expect(origin.requests.map((r) => [r.host, r.site])).toEqual([['www.example.net', 'example.net'], [undefined, 'example.org']])
  })

  test('resolves ".." in a path as a web server does', async () => {
    origin = await startOrigin({ spec, seed: 7, port: 0 })
    const response = await ask(origin.port, 'GET /a/../../page.html HTTP/1.0\r\nHost: www.example.org\r\n\r\n')
    expect(statusOf(response)).toBe('HTTP/1.1 200 OK')
    expect(origin.requests[0]?.path).toBe('/page.html')
  })

  test('answers a POST to a page with what was posted, once the whole body came', async () => {
    origin = await startOrigin({ spec, seed: 7, port: 0 })
    const body = 'name=sockgrade&number=12345'
    const response = await ask(origin.port, `POST /page.html HTTP/1.0\r\nHost: www.example.org\r\nContent-Length: ${body.length}\r\n\r\n${body}`)
    expect(bodyOf(response)).toEqual(postedPage(Buffer.from(body)))
    expect(origin.requests[0]).toMatchObject({ method: 'POST', body: Buffer.from(body) })
  })

  test('answers 400 to a header that never ends, and logs it as incomplete', async () => {
    origin = await startOrigin({ spec, seed: 7, port: 0, requestMs: 300 })
    const response = await ask(origin.port, 'GET /page.html HTTP/1.0\r\nHost: www.example.org\r\n')
    expect(statusOf(response)).toBe('HTTP/1.1 400 Bad Request')
    expect(origin.requests[0]).toMatchObject({ status: 400, incomplete: true })
  })

  test('answers a request line whose sender shut down its side without a blank line', async () => {
    origin = await startOrigin({ spec, seed: 7, port: 0 })
    const response = await ask(origin.port, 'GET /page.html HTTP/1.0\r\n', { halfClose: true })
    expect(statusOf(response)).toBe('HTTP/1.1 200 OK')
  })

  // A real program, as a student's proxy would fetch: http.client sends HTTP/1.1 with a Host header and reads to the end
  test("serves Python's own HTTP client", async () => {
    origin = await startOrigin({ spec, seed: 7, port: 0 })
    const python = (await resolvePython()).executable
    const script = `import http.client, sys\nc = http.client.HTTPConnection('127.0.0.1', ${origin.port}, timeout=10)\nc.request('GET', '/page.html', headers={'Host': 'www.example.org'})\nr = c.getresponse()\nsys.stdout.buffer.write(str(r.status).encode() + b' ' + r.read())`
    const { stdout } = await promisify(execFile)(python, ['-c', script], { encoding: 'buffer', timeout: 20_000 })
    expect(stdout).toEqual(Buffer.concat([Buffer.from('200 '), origin.page('www.example.org', '/page.html') as Buffer]))
  })

  test('cannot take a port already in use: the start rejects', async () => {
    origin = await startOrigin({ spec, seed: 7, port: 0 })
    await expect(startOrigin({ spec, seed: 7, port: origin.port })).rejects.toThrow(/EADDRINUSE/)
  })
})
