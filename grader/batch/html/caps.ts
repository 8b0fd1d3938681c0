// How much of what a student controlled report.html shows: enough to read a failure, small enough that a class of
// 1,000 stays a file a browser opens at once. results.json keeps everything

/** Characters of one transcript line (an arrow's label) */
export const TRANSCRIPT_LINE_CHARS = 240
/** Transcript lines drawn per check; the probes keep 60 */
export const TRANSCRIPT_LINES = 30
/** Characters of a check's message, and of its hint */
export const MESSAGE_CHARS = 600
/** Characters of a name, an id, a file name, a note or a cause */
export const SHORT_CHARS = 200
/** Notes, files and causes listed per student */
export const LIST_ITEMS = 20
/** Characters of a not-gradable reason or a harness error message */
export const REASON_CHARS = 1000
/** Characters of transcripts per student: past this, further transcripts are left out, saying so */
export const STUDENT_TRANSCRIPT_CHARS = 12_000
