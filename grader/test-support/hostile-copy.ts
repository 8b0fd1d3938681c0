import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A private copy of a hostile fixture, with the token its processes carry in their command lines */
export interface HostileCopy {
  readonly dir: string
  readonly token: string
}

// Copy a fixture folder and give it a fresh token (token.txt), so its processes can be found in /proc afterwards
export function hostileCopy(fixtureDir: string): HostileCopy {
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-hostile-'))
  cpSync(fixtureDir, dir, { recursive: true })
  const token = `sockgrade-hostile-${randomUUID()}`
  writeFileSync(join(dir, 'token.txt'), token)
  return { dir, token }
}
