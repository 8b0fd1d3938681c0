// Text a student controls (names from a metadata file, file names, archive entries) made safe to print on a
// terminal: grader/reporters/ansi.ts's stripControl removes CSI sequences and C0 controls but keeps newlines and
// tabs, and lets OSC strings (window title, hyperlinks) and C1 controls through, which is fine for a program's output
// shown in a report but not for a line that must stay one line

/* eslint-disable no-control-regex */
const SEQUENCES = new RegExp(
  [
    // OSC, DCS, SOS, PM, APC (7-bit and C1): a string up to BEL or ST; one never ended runs to the end, as a terminal would take it
    '(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d\\u009e\\u009f])[\\s\\S]*?(?:\\u0007|\\u001b\\\\|\\u009c|$)',
    // CSI (7-bit and C1): parameters, intermediates, a final byte
    '(?:\\u001b\\[|\\u009b)[0-?]*[ -/]*[@-~]',
    // Every other escape sequence: intermediates and a final byte (ESC c, ESC ( B, ESC 7)
    '\\u001b[ -/]*[0-~]',
  ].join('|'),
  'g',
)
// Line breaks of every kind, and tabs: one space, so a name cannot start a line of its own
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g
// What is left: C0, a lone ESC, DEL, C1, and the bidirectional controls that make text display in another order
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
/* eslint-enable no-control-regex */

export function printable(text: string): string {
  return text.replace(SEQUENCES, '').replace(BREAKS, ' ').replace(CONTROLS, '')
}
