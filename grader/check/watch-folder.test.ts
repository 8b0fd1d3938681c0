import { appendFileSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { expect, test } from 'vitest'
import { watchFolder } from './watch-folder.js'

// Waits (at most 5 s) until the list has grown past `count`
async function nextBatch(batches: string[][], count: number): Promise<string[] | undefined> {
  for (let i = 0; i < 500 && batches.length <= count; i++) await delay(10)
  return batches[count]
}

test('every save is seen, also after one that replaced the file (sed -i, an editor safe write)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-watch-'))
  mkdirSync(join(dir, 'src'))
  writeFileSync(join(dir, 'src', 'UDPServer.py'), '# v1\n')
  const batches: string[][] = []
  const watch = watchFolder(dir, (paths) => batches.push(paths))
  try {
    await delay(50)
    // Replaced: a new file renamed over the old one, as sed -i does
    writeFileSync(join(dir, 'src', 'new.tmp'), '# v2\n')
    renameSync(join(dir, 'src', 'new.tmp'), join(dir, 'src', 'UDPServer.py'))
    expect(await nextBatch(batches, 0)).toContain('src/UDPServer.py')
    // Then edited in place, twice: each save is still a change
    appendFileSync(join(dir, 'src', 'UDPServer.py'), '# v3\n')
    expect(await nextBatch(batches, 1)).toEqual(['src/UDPServer.py'])
    appendFileSync(join(dir, 'src', 'UDPServer.py'), '# v4\n')
    expect(await nextBatch(batches, 2)).toEqual(['src/UDPServer.py'])
    // A folder made after the start is watched too
    mkdirSync(join(dir, 'later'))
    await nextBatch(batches, 3)
    writeFileSync(join(dir, 'later', 'UDPClient.py'), '# new\n')
    expect((await nextBatch(batches, 4)) ?? []).toContain('later/UDPClient.py')
  } finally {
    watch.close()
  }
})
