import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { resolvConfTarget } from './hosts-file.js'

// A stand-in for /etc: the machine's own is never changed by a test
const etc = mkdtempSync(join(tmpdir(), 'sockgrade-etc-'))
afterAll(() => rmSync(etc, { recursive: true, force: true }))

test('a plain resolv.conf is shown where it is', () => {
  writeFileSync(join(etc, 'plain.conf'), 'nameserver 10.0.0.1\n')
  expect(resolvConfTarget(join(etc, 'plain.conf'))).toEqual({ path: join(etc, 'plain.conf'), outsideSystem: false })
})

// systemd-resolved: /etc/resolv.conf -> ../run/systemd/resolve/stub-resolv.conf, which the sandbox does not show
test("a link (systemd-resolved's) is followed to its file, which the sandbox must make a place for", () => {
  const run = join(etc, 'run', 'systemd', 'resolve')
  mkdirSync(run, { recursive: true })
  writeFileSync(join(run, 'stub-resolv.conf'), 'nameserver 127.0.0.53\n')
  symlinkSync('run/systemd/resolve/stub-resolv.conf', join(etc, 'linked.conf'))
  expect(resolvConfTarget(join(etc, 'linked.conf'))).toEqual({ path: join(run, 'stub-resolv.conf'), outsideSystem: true })
})

test('a link that leads nowhere, or no file at all, is not shown', () => {
  symlinkSync('run/nothing-here.conf', join(etc, 'dangling.conf'))
  expect(resolvConfTarget(join(etc, 'dangling.conf'))).toBeUndefined()
  expect(resolvConfTarget(join(etc, 'absent.conf'))).toBeUndefined()
})
