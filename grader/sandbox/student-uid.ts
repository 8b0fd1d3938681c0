import { randomInt } from 'node:crypto'

// When the grader runs as root (a sandbox, or the host: process/host-student-uid.ts), the student's programs run as
// a uid of their own, picked per sandbox or grading: the kernel counts the process limit per uid, so with one shared
// uid ("nobody") a fork bomb in one stops the programs of every other running at the time. No account is needed for
// a uid (OpenShift runs containers so); these are far above the ranges accounts and container uid maps use
const STUDENT_UID_BASE = 2_000_000_000
const STUDENT_UID_RANGE = 2 ** 24

// A uid for one grading's (or one sandbox's) student programs, or for a reference server: never `not`
export function newStudentUid(not?: number): number {
  for (;;) {
    const uid = STUDENT_UID_BASE + randomInt(STUDENT_UID_RANGE)
    if (uid !== not) return uid
  }
}
