// What one live scan accumulates: the snapshot files, the calls that failed, and the count of
// calls a perfect collector would have needed. AWS failures are data here (spec §2 errors[]),
// never exceptions: the reader turns them into skipped checks and exit 3.
import type { CollectionError, InventoryPart } from '../snapshot/types.js'
import { partsToCollect } from '../snapshot/files.js'
import { wants } from './calls.js'
import { ReadOnlyViolation } from './guard.js'
import { cliJson, errorCode, errorMessage } from './output.js'
import type { Progress } from './progress.js'

export interface Fetched {
  body: object
  /** pages read: each is one call a minimal collector also makes */
  pages: number
}

export interface FileOptions {
  /** error codes that mean "there is nothing": no file and no error (e.g. a vault without policy) */
  absentOn?: readonly string[]
  /** error codes that mean "empty": write this body instead */
  emptyOn?: { codes: readonly string[]; body: object }
}

export class ScanState {
  readonly files = new Map<string, string>()
  readonly errors: CollectionError[] = []
  minimumCalls = 0
  /** the same, per service (the part of `service:Action` before the colon) */
  readonly minimumByService = new Map<string, number>()

  /** the requested parts and what they depend on; undefined = every part */
  readonly parts: readonly InventoryPart[] | undefined

  constructor(
    readonly progress: Progress,
    parts: readonly InventoryPart[] | undefined,
  ) {
    this.parts = partsToCollect(parts)
  }

  wants(part: InventoryPart): boolean {
    return wants(this.parts, part)
  }

  put(path: string, body: unknown): void {
    this.files.set(path, cliJson(body))
  }

  fail(error: CollectionError): void {
    this.errors.push(error)
    this.progress.error()
  }

  /**
   * Fetch one snapshot file. Success writes it; a failure is recorded against the file and
   * answers undefined, so whatever depends on it is not collected either.
   */
  async file<T extends object>(path: string, operation: string, fetch: () => Promise<Fetched>, options: FileOptions = {}): Promise<T | undefined> {
    const count = (calls: number) => {
      this.minimumCalls += calls
      const service = operation.split(':')[0]
      this.minimumByService.set(service, (this.minimumByService.get(service) ?? 0) + calls)
    }
    try {
      const { body, pages } = await fetch()
      count(pages)
      this.put(path, body)
      return body as T
    } catch (err) {
      if (err instanceof ReadOnlyViolation) throw err
      count(1)
      const code = errorCode(err)
      if (code && options.absentOn?.includes(code)) return undefined
      if (code && options.emptyOn?.codes.includes(code)) {
        this.put(path, options.emptyOn.body)
        return options.emptyOn.body as T
      }
      this.fail({ file: path, operation, message: errorMessage(err) })
      return undefined
    }
  }
}
