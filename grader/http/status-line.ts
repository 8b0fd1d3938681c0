import type { HttpResponse } from './response.js'

/** What is wrong with a response's status line, in words, with the fix */
export interface StatusProblem {
  readonly problem: string
  readonly hint: string
}

// The status line must be the response's first bytes, `HTTP/1.1 <code> <reason>`, with the code wanted
export function statusProblem(response: HttpResponse, wanted: number, reason: string): StatusProblem | undefined {
  const line = JSON.stringify(response.statusLine.slice(0, 80))
  const model = `HTTP/1.1 ${wanted} ${reason}\\r\\n`
  if (response.status === undefined) {
    if (/^HTTP\/{2,}/i.test(response.statusLine)) return { problem: `the status line was ${line}`, hint: `The version is written HTTP/1.1, with one slash: send "${model}"` }
    if (/^\d{3}\b/.test(response.statusLine)) return { problem: `the response began ${line}, with no HTTP version`, hint: `A status line names the version first: send "${model}" before anything else` }
    return { problem: `the response began ${line}, not a status line`, hint: `Send the status line "${model}" first, then the header lines, then a blank line` }
  }
  if (response.status !== wanted) return { problem: `the status line was ${line}, not ${wanted}`, hint: `Answer with "${model}"` }
  return undefined
}

// Everything wrong with the form of a response's header, which browsers forgive but the protocol does not, or undefined
export function headerFormProblem(response: HttpResponse): StatusProblem | undefined {
  const found = [
    response.leadingNewlines && { problem: 'a newline came before the status line', hint: 'The status line must be the very first bytes of the response: take out the "\\n" sent before "HTTP/1.1"' },
    !response.headerEnded && { problem: 'no blank line ended the header', hint: 'End the header with an empty line: the last header line is followed by "\\r\\n\\r\\n", then the file' },
    response.headerEnded && !response.crlfHeader && { problem: 'header lines ended with "\\n" alone', hint: 'Every line of the status and header ends with "\\r\\n" (CR LF), and the header with "\\r\\n\\r\\n"; "\\n" alone is not HTTP' },
  ].filter((p): p is StatusProblem => Boolean(p))
  if (!found.length) return undefined
  return { problem: found.map((p) => p.problem).join(', and '), hint: found.map((p) => p.hint).join('. ') }
}
