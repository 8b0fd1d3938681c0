import { spawn, type ChildProcess } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, expect, test } from 'vitest'
import { findAssignment } from '../../assignments/load.js'
import { buildClass } from '../class-fixture.js'

const temp = mkdtempSync(join(tmpdir(), 'sockgrade-hang-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
  rmSync(temp, { recursive: true, force: true })
})
const python = (file: string, args: string[]) => {
  const child = spawn('/usr/bin/python3', [file, ...args], { stdio: ['pipe', 'ignore', 'ignore'] })
  children.push(child)
  return child
}
// A port outside the ephemeral range, different for each run
const port = 20000 + (process.pid % 5000) * 2

test('the hanging UDP server binds the given port and never replies; the client never exits', async () => {
  buildClass('dirs', findAssignment('uppercase-udp')!, [{ id: 'h', name: 'h', work: 'hang' }], join(temp, 'udp'))
  const server = python(join(temp, 'udp', 'h', 'UDPServer.py'), [String(port)])
  const socket = createSocket('udp4')
  const replies: Buffer[] = []
  socket.on('message', (message) => replies.push(message))
  for (let i = 0; i < 10; i += 1) {
    socket.send('hello', port, '127.0.0.1')
    await sleep(50)
  }
  socket.close()
  expect(replies).toEqual([])
  expect(server.exitCode).toBe(null)
  const client = python(join(temp, 'udp', 'h', 'UDPClient.py'), ['127.0.0.1', String(port)])
  client.stdin?.end('hello\n')
  await sleep(400)
  expect(client.exitCode).toBe(null)
})

test('the hanging TCP server accepts and keeps the connection open without a reply', async () => {
  buildClass('dirs', findAssignment('uppercase-tcp')!, [{ id: 'h', name: 'h', work: 'hang' }], join(temp, 'tcp'))
  python(join(temp, 'tcp', 'h', 'TCPServer.py'), [String(port + 1)])
  let socket
  for (let i = 0; i < 40 && !socket; i += 1) {
    socket = await new Promise<ReturnType<typeof connect> | undefined>((resolve) => {
      const s = connect(port + 1, '127.0.0.1', () => resolve(s)).on('error', () => resolve(undefined))
    })
    if (!socket) await sleep(50)
  }
  expect(socket).toBeDefined()
  const received: Buffer[] = []
  let closed = false
  socket!.on('data', (d) => received.push(d)).on('close', () => (closed = true))
  socket!.write('hello')
  await sleep(400)
  expect([received, closed]).toEqual([[], false])
  socket!.destroy()
})
