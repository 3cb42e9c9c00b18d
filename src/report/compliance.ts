// `--compliance <framework>`: the report seen per control, for auditors. A control fails when a
// check mapped to it has an open (unsuppressed) finding; it is not covered when every check
// mapped to it was not selected or could not look (data not collected); otherwise it passes.
// "Pass" means only that bulkhead's checks found nothing: it is evidence, not an attestation.
import { FRAMEWORKS, type Framework } from '../checks/define.js'
import type { Report } from './model.js'
import type { CheckMeta } from './render.js'
import { CATALOGUE, canonicalControlId } from './controls.js'

export type ControlStatus = 'pass' | 'fail' | 'not-covered'

export interface ComplianceControl {
  id: string
  title: string
  /** false when a check maps to an id the catalogue does not know */
  inCatalogue: boolean
  /** checks mapped to it that were selected for this scan */
  checks: string[]
  /** of those, the ones that could not look (data not collected, no workspace) */
  checksNotEvaluated: string[]
  status: ControlStatus
  openFindings: number
  /** suppressed or baselined findings of its checks: accepted, not fixed */
  acceptedFindings: number
}

export interface ComplianceSection {
  framework: Framework
  name: string
  version: string
  reference: string
  totals: Record<ControlStatus, number>
  controls: ComplianceControl[]
}

export function isFramework(name: string): name is Framework {
  return (FRAMEWORKS as readonly string[]).includes(name)
}

/** Skip reasons that mean the check could not look, as opposed to a chosen exemption (break-glass). */
const COULD_NOT_LOOK = /\bnot collected\b|no --workspace given/

function checkStates(report: Report, checks: Pick<CheckMeta, 'id'>[]) {
  return new Map(
    checks.map((c) => {
      const findings = report.findings.filter((f) => f.checkId === c.id)
      const open = findings.filter((f) => !f.suppressed).length
      const blind = report.skipped.some((s) => s.checkId === c.id && COULD_NOT_LOOK.test(s.reason))
      return [c.id, { open, accepted: findings.length - open, evaluated: open > 0 || !blind }]
    }),
  )
}

export function complianceSection(report: Report, checks: Pick<CheckMeta, 'id' | 'compliance'>[], framework: Framework): ComplianceSection {
  const catalogue = CATALOGUE[framework]
  const states = checkStates(report, checks)
  const mapped = new Map<string, string[]>(Object.keys(catalogue.controls).map((id) => [id, []]))
  for (const c of checks) {
    for (const raw of c.compliance[framework] ?? []) {
      const id = canonicalControlId(framework, raw)
      const list = mapped.get(id) ?? []
      if (!list.includes(c.id)) list.push(c.id)
      mapped.set(id, list)
    }
  }
  const controls = [...mapped.entries()]
    .map(([id, ids]): ComplianceControl => {
      const sts = ids.map((c) => states.get(c)!)
      const openFindings = sts.reduce((n, s) => n + s.open, 0)
      const status: ControlStatus = openFindings > 0 ? 'fail' : sts.some((s) => s.evaluated) ? 'pass' : 'not-covered'
      return {
        id,
        title: catalogue.controls[id] ?? '(not in the bulkhead control catalogue)',
        inCatalogue: id in catalogue.controls,
        checks: [...ids].sort(),
        checksNotEvaluated: ids.filter((c) => !states.get(c)!.evaluated).sort(),
        status,
        openFindings,
        acceptedFindings: sts.reduce((n, s) => n + s.accepted, 0),
      }
    })
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
  const totals = { pass: 0, fail: 0, 'not-covered': 0 }
  for (const c of controls) totals[c.status]++
  return { framework, name: catalogue.name, version: catalogue.version, reference: catalogue.reference, totals, controls }
}

/** report.compliance is `unknown` in the model: this tells a section apart from anything else. */
export function isComplianceSection(value: unknown): value is ComplianceSection {
  const v = value as Partial<ComplianceSection> | null
  return typeof v === 'object' && v !== null && typeof v.framework === 'string' && isFramework(v.framework) && Array.isArray(v.controls)
}
