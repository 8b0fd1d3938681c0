import type { ServedFile } from '../files/served-files.js'
import { preview } from '../probes/transcript.js'

/** Why a body is not the file, in words, with the likely cause */
export interface BodyProblem {
  readonly problem: string
  readonly hint: string
}

// The CR LF (or LF) a textbook server sends after the file's content: allowed after the file, nothing else is
const TRAILERS = [Buffer.from('\r\n'), Buffer.from('\n')]
// The buffer size students read files with
const READ_SIZES = [1024, 2048, 4096]

// The body must be the file byte for byte, the one trailing newline the handout's skeleton sends allowed
export function bodyProblem(file: ServedFile, body: Buffer): BodyProblem | undefined {
  const expected = file.bytes
  if (body.equals(expected) || TRAILERS.some((end) => body.equals(Buffer.concat([expected, end])))) return undefined
  const got = `${body.length} bytes`
  const size = READ_SIZES.find((n) => n < expected.length && body.subarray(0, n).equals(expected.subarray(0, n)) && body.length <= n + 2)
  if (size) return { problem: `the body was the first ${size} of the file's ${expected.length} bytes`, hint: `read(${size}) reads only the start of a file: read it whole with read()` }
  if (file.kind === 'binary' && body.length > expected.length && body.subarray(0, 8).equals(Buffer.from(expected.subarray(0, 8).toString('latin1'), 'utf8').subarray(0, 8))) {
    return { problem: `the body was ${got}, not the file's ${expected.length}: bytes above 127 came back as two each`, hint: "Open the file with 'rb' and send its bytes as they are: decoding and encode() turn each byte above 127 into two" }
  }
  if (body.length === 0) return { problem: 'the body was empty', hint: `Send the file's content after the blank line that ends the header` }
  const at = firstDifference(body, expected)
  // The whole file, then more: what came after it is the fault (a second copy, headers sent again, a stray "0")
  if (at === expected.length) {
    const extra = body.subarray(at)
    return { problem: `the body was the whole file (${expected.length} bytes) and then ${extra.length} more: ${preview(extra.subarray(0, 24))}`, hint: `Send the file's bytes and nothing after them (one newline after the file is allowed)` }
  }
  // The start of the file only: the rest never came
  if (at === body.length) return { problem: `the body stopped after ${body.length} of the file's ${expected.length} bytes`, hint: 'Send the whole file (sendall(), or send() in a loop until every byte went out) before closing the connection' }
  return {
    problem: `the body (${got}) is not the file (${expected.length} bytes): they differ from byte ${at}, where the file has ${preview(expected.subarray(at, at + 24))} and the body ${preview(body.subarray(at, at + 24))}`,
    hint: `Send the file's bytes exactly as they are on disk (${file.name} is written fresh for each grading)`,
  }
}

function firstDifference(a: Buffer, b: Buffer): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}
