// Runs the real consumers of the exchange formats (test/support/exchange_validate.py):
// py-ocsf-models' DetectionFinding for OCSF, botocore's Security Hub model for ASFF. The test
// setup installs both (test/support/tools.ts); a missing one fails the test, never skips it.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const SCRIPT = resolve(import.meta.dirname, 'exchange_validate.py')

export interface ExchangeVerdict {
  count: number
  /** BatchImportFindings calls the findings take (100 a call); 1 for OCSF */
  batches: number
  errors: string[]
}

/** Validates a rendered OCSF or ASFF document (the text a reporter returned). */
export function validateExchange(format: 'ocsf' | 'asff', text: string): ExchangeVerdict {
  const dir = mkdtempSync(join(tmpdir(), `bulkhead-${format}-`))
  try {
    const file = join(dir, `findings.${format}.json`)
    writeFileSync(file, text)
    return validateExchangeFile(format, file)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function validateExchangeFile(format: 'ocsf' | 'asff', file: string): ExchangeVerdict {
  const r = spawnSync('python3', [SCRIPT, format, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(`${format} validator failed (exit ${r.status}): ${r.error?.message ?? ''}${r.stderr}`)
  return JSON.parse(r.stdout) as ExchangeVerdict
}
