// AWS Security Hub findings (ASFF, SchemaVersion 2018-10-08), one JSON array, for
// `aws securityhub batch-import-findings` (spec §11). bulkhead never sends them: README shows the
// command. test/report/asff.test.ts validates every finding against botocore's Security Hub model
// (BatchImportFindings, in batches of 100) and the limits the model does not carry.
//
// Security Hub takes a finding only from the account it names, into the region of its
// ProductArn (a custom integration: product/<account>/default). IAM and workspace findings have
// no region: they go to us-east-1, IAM's home region (the partition's, outside `aws`). A
// workspace finding whose token names no AWS account is filed under the report's first account.
import type { Finding, Severity } from '../checks/define.js'
import { UsageError } from '../errors.js'
import { checkOf, clip, complianceOf, findingTypes, partitionOf, safeDeep, suppressionText } from './exchange.js'
import type { Report } from './model.js'
import type { RenderContext } from './render.js'

export const ASFF_SCHEMA_VERSION = '2018-10-08'
/** BatchImportFindings limits (ASFF syntax reference); botocore's model does not carry them */
export const LIMITS = { title: 256, description: 1024, recommendation: 512, note: 512, productFieldValue: 2048, otherDetail: 1024 } as const

const LABEL: Readonly<Record<Severity, string>> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFORMATIONAL' }
const HOME_REGION: Readonly<Record<string, string>> = { aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1' }
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/

/** `AWS::RDS::DBInstance` → `AwsRdsDbInstance`, ASFF's resource type names; others are `Other`. */
export function asffResourceType(type: string): string {
  const m = /^AWS::([A-Za-z0-9]+)::([A-Za-z0-9]+)$/.exec(type)
  if (!m || type === 'AWS::IAM::Root') return type === 'AWS::::Account' || type === 'AWS::IAM::Root' ? 'AwsAccount' : 'Other'
  // runs of capitals read as one word: RDS → Rds, DBInstance → DbInstance, DynamoDB → DynamoDb
  const word = (s: string) => s.replace(/[A-Z]+(?=[A-Z][a-z]|\d|$)/g, (run) => run[0] + run.slice(1).toLowerCase())
  return `Aws${word(m[1])}${word(m[2])}`
}

/** The principal's ARN as an ASFF resource type. */
function principalType(arn: string): string {
  if (/^arn:[^:]+:iam::\d{12}:root$/.test(arn)) return 'AwsAccount'
  const m = /^arn:[^:]+:iam::\d{12}:(user|role|group)\//.exec(arn)
  return m ? `AwsIam${m[1][0].toUpperCase()}${m[1].slice(1)}` : 'Other'
}

function resources(f: Finding) {
  const target = {
    Type: asffResourceType(f.resource.type),
    Id: f.resource.arn,
    Partition: partitionOf(f.resource.arn),
    ...(REGION.test(f.region) ? { Region: f.region } : {}),
    ResourceRole: 'Target',
    ...(asffResourceType(f.resource.type) === 'Other'
      ? { Details: { Other: { 'bulkhead/ResourceType': f.resource.type, 'bulkhead/Location': clip(locationText(f), LIMITS.otherDetail) } } }
      : {}),
  }
  // the principal that causes the finding, unless it is the resource itself (an unused key's user)
  const actor = f.principal && f.principal.arn !== f.resource.arn
    ? [{ Type: principalType(f.principal.arn), Id: f.principal.arn, Partition: partitionOf(f.principal.arn), ResourceRole: 'Actor' }]
    : []
  return [target, ...actor]
}

const locationText = (f: Finding) => `${f.location.file}${f.location.line ? `:${f.location.line}` : ''}`

function compliance(f: Finding) {
  const mapped = Object.entries(complianceOf(f)).flatMap(([fw, ids]) => ids.map((id) => `${fw}/${id}`))
  // a finding is a failed control of every framework it maps to; ASFF takes 32 requirements
  return mapped.length ? { Compliance: { Status: 'FAILED', RelatedRequirements: mapped.slice(0, 32) } } : {}
}

export function securityHubFinding(report: Report, f: Finding, ctx?: RenderContext) {
  const accountId = f.accountId || report.accounts[0]?.id
  if (!accountId) {
    throw new UsageError(`--format asff: finding ${f.checkId} on ${f.resource.arn} names no AWS account, and Security Hub files findings by account: scan with --snapshot or --aws too`)
  }
  const partition = partitionOf(f.resource.arn)
  const region = REGION.test(f.region) ? f.region : HOME_REGION[partition]
  const check = checkOf(ctx, f)
  const severity = { Label: LABEL[f.severity], Original: f.severity }
  const types = findingTypes(f)
  const accepted = suppressionText(f)
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: `bulkhead/${f.fingerprint}`,
    ProductArn: `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`,
    ProductName: 'bulkhead',
    CompanyName: 'bulkhead',
    GeneratorId: f.checkId,
    AwsAccountId: accountId,
    Region: region,
    Types: types,
    FirstObservedAt: report.source.collectedAt,
    LastObservedAt: report.source.collectedAt,
    CreatedAt: report.generatedAt,
    UpdatedAt: report.generatedAt,
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: types },
    Title: clip(f.title, LIMITS.title),
    Description: clip(f.message, LIMITS.description),
    Remediation: {
      Recommendation: { Text: clip(f.remediation, LIMITS.recommendation), ...(check.references[0] ? { Url: check.references[0] } : {}) },
    },
    ...(check.references[0] ? { SourceUrl: check.references[0] } : {}),
    ProductFields: productFields(report, f),
    Resources: resources(f),
    ...compliance(f),
    Workflow: { Status: f.suppressed ? 'SUPPRESSED' : 'NEW' },
    RecordState: 'ACTIVE',
    ...(accepted ? { Note: { Text: clip(accepted, LIMITS.note), UpdatedBy: 'bulkhead', UpdatedAt: report.generatedAt } } : {}),
  }
}

function productFields(report: Report, f: Finding): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    'bulkhead/Version': report.tool.version,
    'bulkhead/CheckId': f.checkId,
    'bulkhead/RiskClass': f.riskClass,
    'bulkhead/Environment': f.environment,
    'bulkhead/EnvironmentRule': f.environmentRule,
    'bulkhead/Fingerprint': f.fingerprint,
    'bulkhead/Location': locationText(f),
    'bulkhead/Principal': f.principal?.arn,
    'bulkhead/ResourceType': f.resource.type,
  }
  return Object.fromEntries(
    Object.entries(fields).filter((e): e is [string, string] => !!e[1]).map(([k, v]) => [k, clip(v, LIMITS.productFieldValue)]),
  )
}

export function render(report: Report, ctx?: RenderContext): string {
  // made safe before it is clipped: escaping a control character lengthens a string
  const safe = safeDeep(report)
  return `${JSON.stringify(safe.findings.map((f) => securityHubFinding(safe, f, ctx)), null, 2)}\n`
}
