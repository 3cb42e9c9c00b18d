// The executor: runs selected checks against one inventory, records skips, never does I/O.
import type { Gap, Inventory, InventoryPart } from '../inventory/types.js'
import type { IamEngine } from '../iam/engine.js'
import { findingFactory, type Check, type Finding } from './define.js'

/**
 * What a check did not judge, and why, in one vocabulary:
 * - 'not-run': the check did not run at all (no --workspace given, no cloud data, a lone IAM file);
 * - 'partial': it ran, but could not look at part of the estate (data absent or not collected,
 *   findings withheld where their data failed);
 * - 'exempt': a principal it does not judge by design (break-glass), named in `principal`.
 */
export interface SkippedEntry {
  checkId: string
  reason: string
  kind?: SkipKind
  /** the exempt principal (kind 'exempt') */
  principal?: string
}

export type SkipKind = 'not-run' | 'partial' | 'exempt'

export interface RunOptions {
  /** per-check option overrides from the config (already validated) */
  options?: Record<string, Record<string, unknown>>
  /** builds the scan's IAM engine; called at most once, on first use */
  iam: () => IamEngine
}

export interface RunResult {
  findings: Finding[]
  skipped: SkippedEntry[]
  /** checks that ran (in part or whole) */
  checksRun: number
  /** checks that did not run at all */
  checksSkipped: number
  /** checks that ran but could not look at part of the estate */
  checksPartial?: number
  /** principals exempt from some check (break-glass) */
  exemptPrincipals?: number
  /** what the IAM engine left out to stay within its budgets */
  notes?: string[]
}

/** The counts of a run's skipped entries, each counted once, by kind. */
export function skipCounts(skipped: SkippedEntry[]): { notRun: number; partial: number; exempt: number } {
  const ids = (k: SkipKind) => new Set(skipped.filter((s) => (s.kind ?? 'partial') === k).map((s) => (k === 'exempt' ? s.principal ?? s.reason : s.checkId))).size
  const notRun = new Set(skipped.filter((s) => s.kind === 'not-run').map((s) => s.checkId))
  const partial = new Set(skipped.filter((s) => (s.kind ?? 'partial') === 'partial' && !notRun.has(s.checkId)).map((s) => s.checkId)).size
  return { notRun: notRun.size, partial, exempt: ids('exempt') }
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
  let ran = 0
  for (const check of checks) {
    const skip = (reason: string, exempt?: string) => {
      skipped.push({ checkId: check.id, reason, kind: exempt ? 'exempt' : 'partial', ...(exempt ? { principal: exempt } : {}) })
    }
    if (check.needs.includes('workspace') && !inventory.workspace) {
      skipped.push({ checkId: check.id, reason: 'no --workspace given', kind: 'not-run' })
      continue
    }
    ran++
    for (const reason of gapsFor(inventory, check.needs)) skip(reason)
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
    const withheld = new Map<string, number>()
    for (const f of check.run(ctx as Parameters<Check['run']>[0])) {
      // A finding about a place whose needed data failed to collect may rest on what is missing
      // (a backup selection not read looks like no selection): say it was withheld, don't assert it.
      const gap = failed.find((g) => inScope(g, f))
      if (!gap) { findings.push(f); continue }
      // several findings on one resource (one per principal) withheld for one gap: said once
      const key = `${f.resource.arn}\u0000${gap.what} not collected (${gap.reason})`
      withheld.set(key, (withheld.get(key) ?? 0) + 1)
    }
    for (const [key, n] of withheld) {
      const [arn, why] = key.split('\u0000')
      skip(`${n === 1 ? 'finding' : `${n} findings`} on ${arn} withheld: ${why}`)
    }
  }
  const counts = skipCounts(skipped)
  const notes = (engine as IamEngine | undefined)?.notes() ?? []
  return { findings: sortFindings(dedupe(findings)), skipped, checksRun: ran, checksSkipped: counts.notRun, checksPartial: counts.partial, exemptPrincipals: counts.exempt, ...(notes.length ? { notes } : {}) }
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
