// Exit codes 0, 1 and 3 are verdicts on the report (spec §1); exit 2 is a thrown BulkheadError.
// Precedence: findings at or above --fail-on (1) beat an incomplete scan (3), because spec §1
// gives 3 only when "nothing else failed"; --allow-partial turns 3 into 0, never 1 into 0.
import { severityRank, type Severity } from '../checks/define.js'
import type { Report, SkippedEntry } from './model.js'

export type FailOn = Severity | 'none'
export type ExitVerdict = 0 | 1 | 3

/** The executor words data gaps as "<what> not collected…" (src/checks/run.ts gapsFor). Other
 * skips (a break-glass principal, no --workspace given) are choices, not a partial scan. */
export function isNotCollected(entry: SkippedEntry): boolean {
  return /\bnot collected\b/.test(entry.reason)
}

/** Why the scan is partial, one line per cause; empty when it is complete. */
export function incompleteness(report: Report): string[] {
  return [
    ...report.errors.map((e) => `${[e.accountId, e.region].filter(Boolean).join('/') || 'scan'}: ${e.operation} failed: ${e.message}`),
    ...report.skipped.filter(isNotCollected).map((s) => `${s.checkId}: ${s.reason}`),
  ]
}

export function failingFindings(report: Report, failOn: FailOn): Report['findings'] {
  if (failOn === 'none') return []
  const threshold = severityRank(failOn)
  return report.findings.filter((f) => !f.suppressed && severityRank(f.severity) >= threshold)
}

export function verdict(report: Report, failOn: FailOn, allowPartial: boolean): ExitVerdict {
  if (failingFindings(report, failOn).length > 0) return 1
  if (!allowPartial && incompleteness(report).length > 0) return 3
  return 0
}
