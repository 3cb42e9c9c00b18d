// The report object every reporter renders (spec §5). JSON output is this object verbatim.
import type { Finding, Severity, RiskClass } from '../checks/define.js'
import type { CollectionError } from '../snapshot/types.js'
import type { SkippedEntry } from '../checks/run.js'
import type { Grade } from '../score/score.js'

export type { Grade } from '../score/score.js'
export type { SkippedEntry } from '../checks/run.js'

export const REPORT_SCHEMA_VERSION = '1'


export interface Summary extends Record<Severity, number> {
  checksRun: number
  checksSkipped: number
  suppressed: number
  baselined: number
  apiCalls?: number
}


export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION
  tool: { name: 'bulkhead'; version: string }
  generatedAt: string
  source: { kind: 'snapshot' | 'aws'; collectedAt: string; path?: string }
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
}
