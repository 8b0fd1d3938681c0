import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
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
// client runs from (readable by the student's uid); undefined for every other assignment
export function clientTlsTrust(assignment: Assignment, folder: string): ClientTlsTrust | undefined {
  if (!startsTls(assignment)) return undefined
  const ca = throwawayCa()
  const file = join(folder, CA_FILE_NAME)
  writeFileSync(file, ca.certPem, { mode: 0o644 })
  return { ca, env: { SSL_CERT_FILE: file } }
}
