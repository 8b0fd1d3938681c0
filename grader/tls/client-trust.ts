import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeScratch } from '../process/scratch.js'
import type { Assignment } from '../assignments/assignment.js'
import { startTlsPointer } from '../dialogue/dialogue.js'
import { throwawayCa, type ThrowawayCa } from './throwaway-ca.js'

/** The file, in the program's private copy, holding the throw-away authority its client is told to trust */
export const CA_FILE_NAME = '.sockgrade-ca.pem'

/** A grading's TLS: the authority the grader's server signs with, and what tells the client to trust it */
export interface ClientTlsTrust {
  readonly ca: ThrowawayCa
  /** SSL_CERT_FILE: OpenSSL's clients (Python's ssl, curl ...) trust the certificates in this file and no others */
  readonly env: { readonly SSL_CERT_FILE: string }
}

// Whether a client dialogue of the assignment starts TLS (SMTP's STARTTLS)
export function startsTls(assignment: Assignment): boolean {
  const dialogues = [assignment['client-dialogue'], ...Object.values(assignment['client-dialogues'] ?? {})]
  return dialogues.some((steps) => steps !== undefined && startTlsPointer(steps, '') !== undefined)
}

// A new authority for one grading whose client dialogues start TLS, its certificate written into the folder the
// client runs from (readable by the student's uid); undefined for every other assignment. Whatever the submission (or
// its build step) put at that name goes first; where the folder cannot be written, a scratch file of the grader's
// (seen by programs on a shared host; in the sandbox a verifying client then refuses the certificate, which costs
// that student alone)
export function clientTlsTrust(assignment: Assignment, folder: string): ClientTlsTrust | undefined {
  if (!startsTls(assignment)) return undefined
  const ca = throwawayCa()
  return { ca, env: { SSL_CERT_FILE: writtenCaFile(ca.certPem, folder) } }
}

function writtenCaFile(pem: string, folder: string): string {
  const file = join(folder, CA_FILE_NAME)
  try {
    rmSync(file, { recursive: true, force: true })
    writeFileSync(file, pem, { mode: 0o644, flag: 'wx' })
    return file
  } catch {
    const scratch = join(makeScratch(tmpdir(), 'sockgrade-ca-'), CA_FILE_NAME)
    writeFileSync(scratch, pem, { mode: 0o644 })
    return scratch
  }
}
