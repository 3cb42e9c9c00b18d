// One order of findings for every format: severity first; within a severity, the findings the
// plan removes, grouped by the first change that removes them (in the plan's order), then the
// rest by risk class, check, resource and principal. Suppressed and baselined findings last.
import { RISK_CLASSES, SEVERITIES, type Finding } from '../checks/define.js'
import type { FixPlan } from './types.js'

/** fingerprint → index of the first change (in plan order) whose removal set holds it */
export function changeOf(plan: FixPlan | undefined): Map<string, number> {
  const out = new Map<string, number>()
  plan?.changes.forEach((c, i) => {
    for (const fp of c.removes) if (!out.has(fp)) out.set(fp, i)
  })
  return out
}

// the same order as String.prototype.localeCompare, without building a collator per comparison
// (sorting an organization's hundreds of thousands of findings)
const collator = new Intl.Collator()
const compare = collator.compare

export function orderFindings(findings: Finding[], plan: FixPlan | undefined): Finding[] {
  const group = changeOf(plan)
  const rank = (f: Finding) => group.get(f.fingerprint) ?? Number.MAX_SAFE_INTEGER
  return [...findings].sort(
    (a, b) =>
      (a.suppressed ? 1 : 0) - (b.suppressed ? 1 : 0) ||
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      rank(a) - rank(b) ||
      RISK_CLASSES.indexOf(a.riskClass) - RISK_CLASSES.indexOf(b.riskClass) ||
      compare(a.checkId, b.checkId) ||
      compare(a.resource.arn, b.resource.arn) ||
      compare(a.principal?.arn ?? '', b.principal?.arn ?? '') ||
      compare(a.fingerprint, b.fingerprint),
  )
}
