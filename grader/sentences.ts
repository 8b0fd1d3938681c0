import type { Random } from './random.js'

/** The kinds of sentence a probe can ask for */
export type SentenceKind = 'basic' | 'mixed-case' | 'digits' | 'punctuation' | 'non-ascii'
export const sentenceKinds: readonly SentenceKind[] = ['basic', 'mixed-case', 'digits', 'punctuation', 'non-ascii']

const WORDS = [
  'sockets', 'send', 'packets', 'across', 'the', 'network', 'servers', 'listen', 'clients', 'connect',
  'students', 'test', 'ports', 'hosts', 'streams', 'datagrams', 'is', 'this', 'a', 'message',
  'pass', 'bytes', 'slowly', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dogs',
]
// Letters whose Python str.upper() and JavaScript toUpperCase() agree, each a single code point either way
const NON_ASCII = ['café', 'naïve', 'señor', 'über', 'façade', 'smörgåsbord', 'ωmega', 'данные', 'mañana', 'crème']
const PUNCTUATION = ['!', '?', ',', ';', ':', '-', '(ok)', '"quoted"', "it's", '...', '#1', '@home']

// A lowercase sentence of a given kind, under 100 bytes so it fits every textbook recv()
export function sentence(random: Random, kind: SentenceKind): string {
  const words = Array.from({ length: random.int(3, 6) }, () => random.pick(WORDS))
  // Every sentence has at least one s, so a count-s server that always answers 0 is caught
  if (!words.some((w) => w.includes('s'))) words.push('sockets')
  switch (kind) {
    case 'mixed-case':
      return words.map((w) => (random.next() < 0.5 ? w.toUpperCase() : capitalize(w))).join(' ')
    case 'digits':
      return words.map((w, i) => (i % 2 ? `${w} ${random.int(0, 99_999)}` : w)).join(' ')
    case 'punctuation':
      return words.map((w) => `${w}${random.pick(PUNCTUATION)}`).join(' ')
    case 'non-ascii':
      return words.map((w, i) => (i % 2 ? random.pick(NON_ASCII) : w)).join(' ')
    default:
      return words.join(' ')
  }
}

// n sentences cycling through the kinds given
export function sentences(random: Random, count: number, kinds: readonly SentenceKind[] = sentenceKinds): string[] {
  return Array.from({ length: count }, (_, i) => sentence(random, kinds[i % kinds.length] as SentenceKind))
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}
