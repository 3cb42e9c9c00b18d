// Test helpers for the workspace scanner: random secrets drawn per run (no test source holds
// one) and throw-away workspaces on disk.
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { WorkspaceScan } from '../../src/inventory/types.js'
import { tokensOfFile, type EnvironmentGlobs } from '../../src/workspace/index.js'

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const UPPER_BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** n random characters of `alphabet` (with upper case, lower case and a digit for ALNUM) */
export function random(n: number, alphabet = ALNUM): string {
  for (;;) {
    const s = [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('')
    // a random run that happens to spell a placeholder word ("fake", "xxxx") is drawn again
    if (/fake|xxxx|example|sample|dummy|redacted|changeme|notreal/i.test(s)) continue
    if (alphabet !== ALNUM || (/[a-z]/.test(s) && /[A-Z]/.test(s) && /\d/.test(s))) return s
  }
}
export const awsKeyId = (): string => `AKIA${random(16, UPPER_BASE32)}`
export const awsSecret = (): string => random(40, `${ALNUM}/+`)
export const githubToken = (): string => `ghp_${random(36)}`

/** A temporary directory holding `files` (path → content); remove() deletes it. */
export function tempWorkspace(files: Record<string, string | Buffer>): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-ws-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) }
}

/** A workspace scan built in memory from file contents (root '.'), as the CLI would attach it. */
export function workspaceOf(files: Record<string, string>, globs: EnvironmentGlobs = {}): WorkspaceScan {
  const tokens = Object.entries(files).flatMap(([path, text]) => tokensOfFile('.', path, text, globs))
  return { roots: ['.'], filesScanned: Object.keys(files).length, tokens }
}
