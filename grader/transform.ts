import type { Assignment } from './assignments/assignment.js'

// The answer a correct server gives to one message
export function expectedAnswer(transform: Assignment['transform'], message: string): string {
  return transform === 'uppercase' ? message.toUpperCase() : String(countS(message))
}

// How many times s or S appears
export function countS(message: string): number {
  return [...message].filter((c) => c === 's' || c === 'S').length
}

// Servers pad replies with NULs, newlines and spaces (C and Java ones especially): ignore them at the end
export function trimReply(reply: string): string {
  return reply.replace(/[\0\r\n\t ]+$/, '')
}

// Does a reply answer the message? count-s accepts any text whose first number is the count
export function replyMatches(transform: Assignment['transform'], message: string, reply: string): boolean {
  const trimmed = trimReply(reply)
  if (transform === 'uppercase') return trimmed === expectedAnswer(transform, message)
  return firstNumber(trimmed) === countS(message)
}

export function firstNumber(text: string): number | undefined {
  const match = /\d+/.exec(text)
  return match ? Number(match[0]) : undefined
}
