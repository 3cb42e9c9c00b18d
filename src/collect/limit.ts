// A counting semaphore: at most `size` AWS requests in flight across every account, region and
// service of a scan, so a large organization does not trip every API's rate limit at once.
export class Limiter {
  private active = 0
  private readonly waiting: (() => void)[] = []
  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`concurrency must be a positive integer, got ${size}`)
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve))
    else this.active++
    try {
      return await task()
    } finally {
      // Hand the slot straight to the next waiter, so `active` never over-counts.
      const next = this.waiting.shift()
      if (next) next()
      else this.active--
    }
  }

  get inFlight(): number {
    return this.active
  }
}
