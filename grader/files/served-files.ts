import { chmodSync, chownSync, existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { seededRandom, type Random } from '../random.js'
import { sentence } from '../sentences.js'

/** A file the grader writes beside a student's server before it starts, as declared in assignment.yaml */
export interface ServedFileSpec {
  /** Its name in the server's folder, and so the path a client asks for: `HelloWorld.html` is `GET /HelloWorld.html` */
  readonly name: string
  /** `html`: a page on one line (no newline a server could rewrite); `binary`: bytes of every value, no text */
  readonly kind: 'html' | 'binary'
}

/** One written file: what a byte-exact reply must hold */
export interface ServedFile {
  readonly name: string
  readonly kind: ServedFileSpec['kind']
  readonly bytes: Buffer
}

// Pages stay under 1024 bytes, the buffer size students read files with; binary files pass it, to show the difference
const BINARY_BYTES = 3000

// The files of a grading: their contents drawn from its seed, so a program cannot know them beforehand
export function servedFiles(specs: readonly ServedFileSpec[], seed: number): ServedFile[] {
  return specs.map((spec) => {
    const random = seededRandom(seed, `file:${spec.name}`)
    return { ...spec, bytes: fileBytes(spec.kind, random) }
  })
}

// The contents of a file of a kind, drawn from a random source (an origin server's pages draw theirs per site)
export function fileBytes(kind: ServedFileSpec['kind'], random: Random): Buffer {
  return kind === 'html' ? htmlPage(random) : binaryBytes(random)
}

// A small page with a seeded title and paragraph, all on one line: a server that turns \n into \r\n serves it unchanged
function htmlPage(random: Random): Buffer {
  const title = sentence(random, 'basic')
  const text = [sentence(random, 'basic'), sentence(random, 'punctuation'), sentence(random, 'digits')].join(' ')
  return Buffer.from(`<!DOCTYPE html><html><head><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`)
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

// Every byte value at least once (invalid UTF-8, \r, \n and NUL among them), in a seeded order, after a PNG signature
function binaryBytes(random: Random): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const rest = Buffer.alloc(BINARY_BYTES - signature.length)
  for (let i = 0; i < rest.length; i++) rest[i] = i < 256 ? i : random.int(0, 255)
  for (let i = rest.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[rest[i], rest[j]] = [rest[j] as number, rest[i] as number]
  }
  return Buffer.concat([signature, rest])
}

// Write the files into a server's folder of the private copy, replacing any of the same name the student handed in;
// readable by every uid (the student's programs may run as one of their own). Returns the names replaced
export function writeServedFiles(folder: string, files: readonly ServedFile[], existing: (name: string) => boolean, uid?: number): string[] {
  const replaced = files.filter((file) => existing(join(folder, file.name))).map((file) => file.name)
  for (const file of files) {
    const path = join(folder, file.name)
    writeFileSync(path, file.bytes)
    chmodSync(path, 0o644)
    if (uid !== undefined) chownSync(path, uid, uid)
  }
  return replaced
}

// Write an assignment's files beside the server of a private copy; the report's notes say which handed-in files they replaced
export function placeServedFiles(folder: string, specs: readonly ServedFileSpec[] | undefined, seed: number, uid?: number): string[] {
  if (!specs?.length) return []
  const replaced = writeServedFiles(folder, servedFiles(specs, seed), existsSync, uid)
  const written = `the grader wrote ${specs.map((s) => s.name).join(' and ')} beside the server, with contents of its own for this seed`
  return [replaced.length ? `${written} (replacing the ${replaced.join(' and ')} handed in)` : written]
}
