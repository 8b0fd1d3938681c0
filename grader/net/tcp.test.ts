import { createServer, type Socket } from 'node:net'
import { describe, expect, test } from 'vitest'
import { MAX_KEPT_BYTES, openTcpConnection, type TcpConnection } from './tcp.js'

// A server that answers every connection with `reply`, then (with `stream`) keeps writing as fast as the socket drains
async function server(reply: string, stream: boolean): Promise<{ port: number; ended: Promise<string>; close(): void }> {
  let report!: (how: string) => void
  const ended = new Promise<string>((resolve) => (report = resolve))
  const srv = createServer((socket: Socket) => {
    socket.on('error', (error: NodeJS.ErrnoException) => report(error.code ?? 'error'))
    socket.on('close', () => report('closed'))
    const chunk = Buffer.alloc(16 * 1024, 'x')
    const pump = () => {
      while (!socket.destroyed && socket.write(chunk));
    }
    socket.write(reply)
    if (stream) {
      socket.on('drain', pump)
      pump()
    } else socket.end()
  })
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
  return { port: (srv.address() as { port: number }).port, ended, close: () => srv.close() }
}

async function connectTo(port: number): Promise<TcpConnection> {
  const connection = await openTcpConnection({ host: '127.0.0.1', port, transport: 'tcp' }, { timeoutMs: 2000, signal: new AbortController().signal })
  if ('error' in connection) throw new Error(connection.error)
  return connection
}

describe('tcp reads are capped', () => {
  test('a server that streams without end is cut off at the cap, keeping only that many bytes', async () => {
    const srv = await server('HELLO\n', true)
    try {
      const connection = await connectTo(srv.port)
      const read = await connection.read({ timeoutMs: 30_000, idleMs: 5000, signal: new AbortController().signal })
      expect(read.end).toBe('overflow')
      expect(read.data.length).toBe(MAX_KEPT_BYTES)
      expect(read.data.subarray(0, 6).toString()).toBe('HELLO\n')
      // The grader dropped the connection: the server's writes end in a reset, not in more reading
      expect(await srv.ended).toMatch(/ECONNRESET|EPIPE|closed/)
      connection.end()
    } finally {
      srv.close()
    }
  })

  test('a line read past the cap returns the line, then the overflow', async () => {
    const srv = await server('HELLO\n', true)
    try {
      const connection = await connectTo(srv.port)
      const signal = new AbortController().signal
      expect((await connection.read({ timeoutMs: 30_000, until: Buffer.from('\n'), signal })).data.toString()).toBe('HELLO\n')
      const rest = await connection.read({ timeoutMs: 30_000, until: Buffer.from('\n'), signal })
      expect(rest.end).toBe('overflow')
      expect(rest.data.length).toBeLessThanOrEqual(MAX_KEPT_BYTES)
      connection.end()
    } finally {
      srv.close()
    }
  })

  test('a reply of exactly the cap is read whole, ended by the close', async () => {
    const srv = await server('y'.repeat(MAX_KEPT_BYTES), false)
    try {
      const connection = await connectTo(srv.port)
      const read = await connection.read({ timeoutMs: 30_000, signal: new AbortController().signal })
      expect(read.end).toBe('closed')
      expect(read.data.length).toBe(MAX_KEPT_BYTES)
      connection.end()
    } finally {
      srv.close()
    }
  })
})
