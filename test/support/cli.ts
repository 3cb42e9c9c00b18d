// Runs the built CLI (bin/bulkhead.js → dist/) as a real process, as a user or CI would.
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../..')
export const BIN = resolve(ROOT, 'bin/bulkhead.js')
export const fixture = (name: string) => resolve(ROOT, 'fixtures/estates', name)

export interface CliResult { code: number; stdout: string; stderr: string }

export function cli(args: string[], opts: { env?: Record<string, string>; cwd?: string; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...opts.env },
    encoding: 'utf8',
    input: opts.input ?? '',
    timeout: 120_000,
  })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}
