// The report object every reporter renders (spec §5). JSON output is this object verbatim.
import type { Finding, Severity, RiskClass } from '../checks/define.js'
import type { CollectionError } from '../snapshot/types.js'
import type { SkippedEntry } from '../checks/run.js'
import type { Grade } from '../score/score.js'
import type { FixPlan } from '../plan/types.js'

export type { Grade } from '../score/score.js'
export type { SkippedEntry } from '../checks/run.js'
export type { FixPlan, PlanChange } from '../plan/types.js'

export const REPORT_SCHEMA_VERSION = '1'


export interface Summary extends Record<Severity, number> {
  /** checks that ran (in part or whole) */
  checksRun: number
  /** checks that did not run at all */
  checksSkipped: number
  /** checks that ran but could not look at part of the estate */
  checksPartial?: number
  /** principals some check does not judge by design (break-glass) */
  exemptPrincipals?: number
  suppressed: number
  baselined: number
  apiCalls?: number
}


export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION
  tool: { name: 'bulkhead'; version: string }
  generatedAt: string
  /** kind 'workspace': no cloud data, only the workspace files (`workspaces`) */
  source: { kind: 'snapshot' | 'aws' | 'workspace'; collectedAt: string; path?: string; workspaces?: string[] }
  accounts: { id: string; name: string; environment: string }[]
  score: Grade
  summary: Summary
  findings: Finding[]
  skipped: SkippedEntry[]
  errors: CollectionError[]
  /** per-control results when --compliance was given */
  compliance?: unknown
  /** warnings for the user: expired suppressions, suppressions that matched nothing */
  warnings?: string[]
  /** spec §9: the cheapest set of changes that removes every finding at or above the objective */
  plan?: FixPlan
}
