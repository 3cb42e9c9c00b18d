// OCSF Detection Finding (class 2004), one JSON array of findings, as Prowler emits for Security
// Lake and SIEMs (spec §11). Written to OCSF 1.5.0, the version of py-ocsf-models (the models
// Prowler uses) that test/report/ocsf.test.ts validates every finding with. Times are OCSF
// timestamp_t: milliseconds since the epoch. Attributes Detection Finding lacks (the compliance
// mapping, the principal, the evidence) ride in `unmapped`, where Prowler puts them too.
import type { Finding, Severity } from '../checks/define.js'
import { accountName, checkOf, complianceOf, findingTypes, partitionOf, safeDeep, SEVERITY_CAPTION, suppressionText } from './exchange.js'
import type { Report } from './model.js'
import type { RenderContext } from './render.js'

export const OCSF_VERSION = '1.5.0'
const DETECTION_FINDING = 2004
const FINDINGS_CATEGORY = 2
const ACTIVITY_CREATE = 1
const AWS_ACCOUNT_TYPE_ID = 10

export const OCSF_SEVERITY_ID: Readonly<Record<Severity, number>> = { critical: 5, high: 4, medium: 3, low: 2, info: 1 }
/** status_id: 1 New (open), 3 Suppressed (a signed suppression or the baseline accepted it) */
const STATUS = { open: { id: 1, name: 'New' }, accepted: { id: 3, name: 'Suppressed' } } as const

function resource(f: Finding) {
  return {
    uid: f.resource.arn,
    name: f.resource.arn.replace(/^workspace:/, '').split(/[:/]/).pop() || f.resource.arn,
    type: f.resource.type,
    region: f.region,
    cloud_partition: partitionOf(f.resource.arn),
    labels: [`environment:${f.environment}`],
    data: { account_uid: f.accountId, environment: f.environment, environment_rule: f.environmentRule },
  }
}

function cloud(report: Report, f: Finding) {
  const account = f.accountId
    ? { account: { uid: f.accountId, name: accountName(report, f.accountId) ?? f.accountId, type_id: AWS_ACCOUNT_TYPE_ID, type: 'AWS Account' } }
    : {}
  return { provider: 'AWS', region: f.region, ...account }
}

export function detectionFinding(report: Report, f: Finding, ctx?: RenderContext) {
  const check = checkOf(ctx, f)
  const status = f.suppressed ? STATUS.accepted : STATUS.open
  const detail = suppressionText(f)
  const created = Date.parse(report.generatedAt)
  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: FINDINGS_CATEGORY,
    category_name: 'Findings',
    class_uid: DETECTION_FINDING,
    class_name: 'Detection Finding',
    type_uid: DETECTION_FINDING * 100 + ACTIVITY_CREATE,
    type_name: 'Detection Finding: Create',
    time: created,
    message: f.message,
    severity_id: OCSF_SEVERITY_ID[f.severity],
    severity: SEVERITY_CAPTION[f.severity],
    status_id: status.id,
    status: status.name,
    // every bulkhead finding is a failed check (Prowler's consumers filter on status_code FAIL)
    status_code: 'FAIL',
    ...(detail ? { status_detail: detail } : {}),
    finding_info: {
      uid: f.fingerprint,
      title: f.title,
      desc: check.description,
      types: findingTypes(f),
      created_time: created,
      last_seen_time: Date.parse(report.source.collectedAt),
      ...(check.references[0] ? { src_url: check.references[0] } : {}),
    },
    resources: [resource(f)],
    cloud: cloud(report, f),
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'bulkhead', uid: 'bulkhead', vendor_name: 'bulkhead', version: report.tool.version },
      event_code: f.checkId,
      profiles: ['cloud'],
    },
    remediation: { desc: f.remediation, ...(check.references.length ? { references: [...check.references] } : {}) },
    unmapped: {
      compliance: complianceOf(f),
      risk_class: f.riskClass,
      ...(f.principal ? { principal: f.principal.arn } : {}),
      location: f.location,
      evidence: f.evidence,
      ...(f.suppressed ? { suppression: f.suppressed } : {}),
    },
  }
}

export function render(report: Report, ctx?: RenderContext): string {
  const safe = safeDeep(report)
  return `${JSON.stringify(safe.findings.map((f) => detectionFinding(safe, f, ctx)), null, 2)}\n`
}
