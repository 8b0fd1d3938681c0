import type { Random } from '../random.js'

/** What a correct server answers: the grader compares student replies with it and answers student clients with it */
export interface Oracle {
  /** The name `answer:` gives it in assignment.yaml */
  readonly name: string
  /** Every answer is a number: checks about numeric replies apply */
  readonly numeric: boolean
  /** The answers a correct server gives to these inputs, sent one after another in one session */
  answers(inputs: readonly string[]): Promise<string[]>
  /** The grader's reply to a student client: from the answer, with something the client cannot compute itself */
  clientReply(input: string, random: Random): string | Promise<string>
  /** The usual mistake a wrong reply shows, said to the student, or undefined */
  mistake(input: string, reply: string): string | undefined
}

/** The oracle has no answer for this input (a table asked for an input it does not list): the message says so */
export class NoAnswer extends Error {
  override readonly name = 'NoAnswer'
}

// For a .then() or .catch(): undefined for NoAnswer, any other error thrown on
export function noAnswer(error: unknown): undefined {
  if (error instanceof NoAnswer) return undefined
  throw error
}
