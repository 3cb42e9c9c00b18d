// Every thrown BulkheadError exits 2 with its message and no stack; exits 1 and 3 are verdicts
// on a finished report (see verdict in src/report/verdict.ts).
export class BulkheadError extends Error {
  readonly exitCode: number = 2
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** Wrong flags or arguments on the command line. */
export class UsageError extends BulkheadError {}

/** A snapshot, config, report or baseline file that is missing, unparsable or of the wrong shape. */
export class InputError extends BulkheadError {
  constructor(
    readonly file: string,
    readonly jsonPath: string,
    readonly expected: string,
  ) {
    super(`${file}: ${jsonPath || '$'}: expected ${expected}`)
  }
}

/** A fault in bulkhead itself: printed as a bug to report, with the stack only under --debug. */
export class InternalError extends BulkheadError {}

export function isBulkheadError(err: unknown): err is BulkheadError {
  return err instanceof BulkheadError
}
