// A pause that wake() cuts short: the polls that wait for a program's last process sleep on it, and a kill wakes
// them so the next look comes at once
export class WakeablePause {
  private wakeNow: (() => void) | undefined

  // Sleep `ms`, or less when woken meanwhile
  async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wakeNow = done
    })
    this.wakeNow = undefined
  }

  wake(): void {
    this.wakeNow?.()
  }
}
