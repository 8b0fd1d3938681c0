/** What a student is known by, to spot their files in someone else's folder */
export interface Identity {
  readonly id: string
  readonly names: readonly string[]
}

// Ids shorter than this ("a", "42") and names shorter than that match too much by chance
const MIN_ID_LENGTH = 3
const MIN_NAME_LETTERS = 6

// A note for each file or folder of `files` whose name holds another student's id (as a whole word: "bob/",
// "smithjohn_1002_5002_x.py") or full name ("JohnSmith_server.py"), never one of the student's own
export function otherStudentNotes(files: readonly string[], own: Identity, others: readonly Identity[]): string[] {
  const ownWords = new Set([own.id, ...own.names].map((w) => w.toLowerCase()))
  const ownLetters = own.names.map(letters)
  const segments = [...new Set(files.flatMap((file) => file.split('/').map((part, i, all) => (i === all.length - 1 ? part.replace(/\.[^.]*$/, '') : part))))]
  const notes: string[] = []
  for (const other of others) {
    const ids = [other.id, ...other.names.filter((n) => !/\s/.test(n))].filter((w) => w.length >= MIN_ID_LENGTH && !ownWords.has(w.toLowerCase()))
    const names = other.names.flatMap(nameForms).filter((n) => n.length >= MIN_NAME_LETTERS && !ownLetters.some((o) => o.includes(n)))
    const hit = segments.find((segment) => {
      const words = segment.toLowerCase().split(/[^a-z0-9]+/)
      return ids.some((id) => words.includes(id.toLowerCase())) || names.some((name) => letters(segment).includes(name))
    })
    if (hit) notes.push(`other student: "${hit}" names "${other.names[0] ?? other.id}" (${other.id}), another student of the class`)
  }
  return notes
}

// "John Smith" → johnsmith and smithjohn (Canvas's sortable form)
function nameForms(name: string): string[] {
  const words = name.toLowerCase().split(/\s+/).map(letters).filter(Boolean)
  if (words.length < 2) return [words.join('')]
  return [words.join(''), [words[words.length - 1], ...words.slice(0, -1)].join('')]
}

function letters(text: string): string {
  return text.toLowerCase().replace(/[^a-z]/g, '')
}
