// `bulkhead collect --out DIR`: a live read-only collection written as a snapshot (spec §2), to
// scan later or elsewhere with `scan --snapshot DIR`.
import type { LiveOptions } from '../collect/index.js'
import { resolve } from 'node:path'
import { printable } from '../report/printable.js'

export interface CollectOptions extends LiveOptions {
  out: string
  /** exit 0 even when some calls failed (they are still listed in snapshot.json errors[]) */
  allowPartial?: boolean
}

/** 0, or 3 when a call failed and not --allow-partial (a partial snapshot is never silently green). */
export async function runCollect(opts: CollectOptions): Promise<number> {
  const { collectLive, writeSnapshotDir } = await import('../collect/index.js')
  const { assertReplaceable } = await import('../collect/write.js')
  // before the collection, which can take minutes: a wrong --out should fail in a second
  assertReplaceable(resolve(opts.out))
  const stderr = opts.stderr ?? process.stderr
  const result = await collectLive(opts)
  await writeSnapshotDir(result.source, opts.out)
  const manifest = JSON.parse(result.source.readText('snapshot.json') ?? '{}') as { accounts?: unknown[]; errors?: { file?: string; accountId?: string; operation: string; message: string }[] }
  const errors = manifest.errors ?? []
  if (!opts.quiet) {
    const files = result.source.list().length
    stderr.write(`bulkhead: wrote ${files} files for ${manifest.accounts?.length ?? 0} accounts to ${opts.out} (${result.apiCalls} API calls, ${errors.length} errors)\n`)
  }
  // Errors are printed even with --quiet: they decide the exit code.
  for (const e of errors) stderr.write(`bulkhead: not collected: ${printable(`${e.file ?? e.accountId ?? ''} (${e.operation}): ${e.message}`)}\n`)
  return errors.length > 0 && !opts.allowPartial ? 3 : 0
}
