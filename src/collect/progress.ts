// One progress line on stderr for people at a terminal: accounts, account×region×service units,
// calls and errors. Silent with --quiet or when stderr is not a TTY (CI logs, pipes).
export interface ProgressStream {
  isTTY?: boolean
  write(text: string): boolean
}

export class Progress {
  accounts = { done: 0, total: 0 }
  units = { done: 0, total: 0 }
  errors = 0
  private lastDraw = 0
  private drawn = false

  constructor(
    private readonly stream: ProgressStream | undefined,
    private readonly calls: () => number,
  ) {}

  /** Draws only on a TTY, and only when not quiet. */
  static for(stream: ProgressStream, quiet: boolean | undefined, calls: () => number): Progress {
    return new Progress(!quiet && stream.isTTY ? stream : undefined, calls)
  }

  addAccounts(n: number): void {
    this.accounts.total += n
    this.draw()
  }
  accountDone(): void {
    this.accounts.done++
    this.draw()
  }
  addUnits(n: number): void {
    this.units.total += n
    this.draw()
  }
  unitDone(): void {
    this.units.done++
    this.draw()
  }
  error(): void {
    this.errors++
    this.draw()
  }

  line(): string {
    const { accounts, units } = this
    return `collecting: accounts ${accounts.done}/${accounts.total}, services ${units.done}/${units.total}, ${this.calls()} calls, ${this.errors} errors`
  }

  private draw(force = false): void {
    if (!this.stream) return
    const now = Date.now()
    if (!force && now - this.lastDraw < 100) return
    this.lastDraw = now
    this.drawn = true
    this.stream.write(`\r\x1b[2K${this.line()}`)
  }

  /** Clears the line so what follows starts at column 0. */
  finish(): void {
    if (this.stream && this.drawn) this.stream.write('\r\x1b[2K')
  }
}
