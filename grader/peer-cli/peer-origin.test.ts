import { connect } from 'node:net'
import { expect, test } from 'vitest'
import { findAssignment } from '../assignments/load.js'
import { runPeerOrigin } from './peer-origin.js'

// One request, the answer read until the origin closes
function ask(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const socket = connect(port, '127.0.0.1', () => socket.write(request))
    socket.on('data', (chunk) => (text += chunk.toString('latin1')))
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
  })
}

test("peer server for web-proxy is the origin: it serves the lab's pages and prints each request with its status", { timeout: 30_000 }, async () => {
  const assignment = findAssignment('web-proxy')
  if (!assignment) throw new Error('web-proxy is not bundled')
  const lines: string[] = []
  const stop = new AbortController()
  const listening = new Promise<number>((resolve) => {
    void runPeerOrigin({ assignment, port: 0, seed: 3, signal: stop.signal, write: (line) => {
      lines.push(line)
      const port = /on port (\d+) of 127\.0\.0\.1/.exec(line)?.[1]
      if (port) resolve(Number(port))
    } })
  })
  const port = await listening
  const page = await ask(port, 'GET /page.html HTTP/1.1\r\nHost: www.example.org\r\nConnection: close\r\n\r\n')
  const missing = await ask(port, 'GET /nothing.html HTTP/1.0\r\n\r\n')
  stop.abort()
  expect(page).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n<!DOCTYPE html>/)
  expect(missing).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/)
  expect(lines[0]).toMatch(/every site has \/page\.html, \/cached\.html, .*other paths get 404/)
  expect(lines.filter((l) => l.includes('← received'))).toEqual([
    expect.stringMatching(/← received {2}"GET \/page\.html HTTP\/1\.1" \(Host "www\.example\.org"\) → 200$/),
    expect.stringMatching(/← received {2}"GET \/nothing\.html HTTP\/1\.0" \(no host named \(served as the default site\)\) → 404$/),
  ])
})
