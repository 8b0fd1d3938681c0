/** An HTTP response as a student server sent it, read leniently, with what is wrong in its form */
export interface HttpResponse {
  /** The first line, as sent (after any blank lines before it) */
  readonly statusLine: string
  /** The status code of a well-formed status line (`HTTP/1.x NNN ...`), else undefined */
  readonly status?: number
  readonly headers: readonly (readonly [name: string, value: string])[]
  /** What follows the blank line that ends the header; everything after the first line when there is none */
  readonly body: Buffer
  /** The header ends with CR LF CR LF, and every header line with CR LF */
  readonly crlfHeader: boolean
  /** Newlines sent before the status line */
  readonly leadingNewlines: boolean
  /** A header that ends with a blank line at all (CR LF CR LF, or LF LF) */
  readonly headerEnded: boolean
}

const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: [^\r\n]*)?$/

// Split a response into status line, header lines and body: CR LF or LF line ends, blank lines before it skipped
export function parseResponse(raw: Buffer): HttpResponse {
  let start = 0
  while (start < raw.length && (raw[start] === 0x0d || raw[start] === 0x0a)) start++
  const rest = raw.subarray(start)
  const crlfEnd = rest.indexOf('\r\n\r\n')
  const lfEnd = rest.indexOf('\n\n')
  const [headEnd, separator] = crlfEnd >= 0 && (lfEnd < 0 || crlfEnd < lfEnd) ? [crlfEnd, 4] : lfEnd >= 0 ? [lfEnd, 2] : [-1, 0]
  const head = (headEnd >= 0 ? rest.subarray(0, headEnd) : firstLine(rest)).toString('latin1')
  const body = headEnd >= 0 ? rest.subarray(headEnd + separator) : rest.subarray(Math.min(rest.length, firstLine(rest).length + 1))
  const lines = head.split('\n').map((line) => line.replace(/\r$/, ''))
  const statusLine = lines[0] ?? ''
  const match = STATUS_LINE.exec(statusLine)
  const headers = lines.slice(1).flatMap((line) => {
    const colon = line.indexOf(':')
    return colon > 0 ? [[line.slice(0, colon).trim(), line.slice(colon + 1).trim()] as const] : []
  })
  // Every line end in the header must be CR LF: no LF without its CR before it
  const crlfHeader = separator === 4 && !/(^|[^\r])\n/.test(head)
  return { statusLine, ...(match ? { status: Number(match[1]) } : {}), headers, body, crlfHeader, leadingNewlines: start > 0, headerEnded: headEnd >= 0 }
}

function firstLine(data: Buffer): Buffer {
  const end = data.indexOf('\n')
  return end < 0 ? data : data.subarray(0, end)
}

// A header's value by name, any letter case, or undefined
export function headerValue(response: HttpResponse, name: string): string | undefined {
  return response.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1]
}
