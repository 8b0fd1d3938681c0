// Run tasks at most `jobs` at a time, in order of the list, each result reported as it arrives
export async function runPooled<T, R>(items: readonly T[], jobs: number, run: (item: T) => Promise<R>, onResult: (result: R, done: number) => void): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  let done = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await run(items[index] as T)
      onResult(results[index] as R, ++done)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker))
  return results
}
