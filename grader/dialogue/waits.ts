import { DEFAULT_TIMING } from '../timing.js'
import type { DialogueStep } from './dialogue.js'

// How many reply waits a dialogue's expect steps make, a step with a long timeout-ms counting as several, and a TLS
// handshake as one: what a check's deadline is made of
export function expectWaits(steps: readonly DialogueStep[]): number {
  const waits = steps.map((step) => (step.kind === 'expect' ? Math.max(1, Math.ceil((step.timeoutMs ?? 0) / DEFAULT_TIMING.replyMs)) : step.kind === 'start-tls' ? 1 : 0))
  return Math.max(1, waits.reduce((sum, n) => sum + n, 0))
}
