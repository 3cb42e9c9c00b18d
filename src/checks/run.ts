// The executor: runs selected checks against one inventory, records skips, never does I/O.
import type { Gap, Inventory, InventoryPart } from '../inventory/types.js'
import type { IamEngine } from '../iam/engine.js'
import { findingFactory, type Check, type Finding } from './define.js'

/** A check (or one of its findings) that did not run, and why. */
export interface SkippedEntry {
  checkId: string
  reason: string
}

export interface RunOptions {
  /** per-check option overrides from the config (already validated) */
  options?: Record<string, Record<string, unknown>>
  /** builds the scan's IAM engine; called at most once, on first use */
  iam: () => IamEngine
}

export interface RunResult {
  findings: Finding[]
  skipped: SkippedEntry[]
  checksRun: number
  /** checks with at least one skipped entry (not collected, or skipped principals) */
  checksSkipped: number
  /** what the IAM engine left out to stay within its budgets */
  notes?: string[]
}

export function defaultOptions(check: Check): Record<string, unknown> {
  return Object.fromEntries(Object.entries(check.options ?? {}).map(([k, spec]) => [k, spec.default]))
}

export function gapsFor(inventory: Inventory, needs: InventoryPart[]): string[] {
  const reasons = inventory.gaps
    .filter((g) => needs.includes(g.part))
    .map((g) => {
      const where = g.accountId ? ` (${g.accountId}${g.region ? `/${g.region}` : ''})` : ''
      // "not collected" marks a partial scan (exit 3); an absent optional file is only a note
      return g.failed ? `${g.what} not collected${where}: ${g.reason}` : `${g.what} absent from the snapshot${where}: ${g.reason}`
    })
  // one missing listing is a gap of every part that hangs off it (list-buckets: all S3 parts)
  return [...new Set(reasons)]
}

export function runChecks(checks: Check[], inventory: Inventory, opts: RunOptions): RunResult {
  let engine: IamEngine | undefined
  const findings: Finding[] = []
  const skipped: SkippedEntry[] = []
  const skippedChecks = new Set<string>()
  for (const check of checks) {
    const skip = (reason: string) => {
      skipped.push({ checkId: check.id, reason })
      skippedChecks.add(check.id)
    }
    for (const reason of gapsFor(inventory, check.needs)) skip(reason)
    if (check.needs.includes('workspace') && !inventory.workspace) {
      skip('no --workspace given')
      continue
    }
    const ctx = {
      inventory,
      options: { ...defaultOptions(check), ...(opts.options?.[check.id] ?? {}) },
      get iam() {
        engine ??= opts.iam()
        return engine
      },
      finding: findingFactory(check),
      skip,
    }
    const failed = inventory.gaps.filter((g) => g.failed && check.needs.includes(g.part))
    for (const f of check.run(ctx as Parameters<Check['run']>[0])) {
      // A finding about a place whose needed data failed to collect may rest on what is missing
      // (a backup selection not read looks like no selection): say it was withheld, don't assert it.
      const gap = failed.find((g) => inScope(g, f))
      if (gap) skip(`finding on ${f.resource.arn} withheld: ${gap.what} not collected (${gap.reason})`)
      else findings.push(f)
    }
  }
  const notes = (engine as IamEngine | undefined)?.notes() ?? []
  return { findings: sortFindings(dedupe(findings)), skipped, checksRun: checks.length, checksSkipped: skippedChecks.size, ...(notes.length ? { notes } : {}) }
}

function inScope(gap: Gap, f: Finding): boolean {
  if (gap.accountId === undefined) return true
  if (gap.accountId !== f.accountId) return false
  return gap.region === undefined || f.region === 'global' || gap.region === f.region
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>()
  for (const f of findings) if (!seen.has(f.fingerprint)) seen.set(f.fingerprint, f)
  return [...seen.values()]
}

const ORDER = ['critical', 'high', 'medium', 'low', 'info']
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity) ||
      a.riskClass.localeCompare(b.riskClass) ||
      a.checkId.localeCompare(b.checkId) ||
      a.resource.arn.localeCompare(b.resource.arn) ||
      (a.principal?.arn ?? '').localeCompare(b.principal?.arn ?? ''),
  )
}
