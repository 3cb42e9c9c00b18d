// `bulkhead fix --verify`: the plan as printed (its JSON patches, workspace edits and config lines)
// applied in memory to the snapshot it came from, the scan run again, and every removal it claims
// checked: a claimed finding still at or above the objective, or one the changes created, fails it.
import type { Finding } from '../checks/define.js'
import { atOrAbove, editsOf, targetsOf } from './index.js'
import type { Rescan } from './rescan.js'
import type { FixPlan } from './types.js'

export interface Verification {
  ok: boolean
  /** claimed removals the rescan still shows */
  stillThere: { fingerprint: string; checkId: string; resource: string; principal?: string }[]
  /** findings at or above the objective the changes created */
  created: { fingerprint: string; checkId: string; resource: string; principal?: string }[]
  /** findings at or above the objective before, and after */
  before: number
  after: number
}

const brief = (f: Finding) => ({ fingerprint: f.fingerprint, checkId: f.checkId, resource: f.resource.arn, ...(f.principal ? { principal: f.principal.arn } : {}) })

export function verifyPlan(plan: FixPlan, findings: Finding[], rescan: Rescan): Verification {
  const targets = targetsOf(findings, plan.objective)
  const after = rescan(editsOf(plan.changes)).findings.filter(atOrAbove(plan.objective))
  const now = new Map(after.map((f) => [f.fingerprint, f]))
  const claimed = new Set(plan.changes.flatMap((c) => c.removes))
  const known = new Set(targets.map((f) => f.fingerprint))
  const stillThere = targets.filter((f) => claimed.has(f.fingerprint) && now.has(f.fingerprint)).map(brief)
  const created = after.filter((f) => !known.has(f.fingerprint)).map(brief)
  return { ok: stillThere.length === 0 && created.length === 0, stillThere, created, before: targets.length, after: after.length }
}
