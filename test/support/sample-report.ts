// Small, schema-valid reports for reporter tests: each test adds only the findings it is about.
import { fingerprintOf, type Finding, type Severity, type RiskClass } from '../../src/checks/define.js'
import type { Report } from '../../src/report/model.js'
import type { CheckMeta, RenderContext } from '../../src/report/render.js'
import { computeScore } from '../../src/score/score.js'
import { PROD, REGION, STAGING, NOW } from './estate.js'
import { findingCounts } from '../../src/report/build.js'
import { orderFindings } from '../../src/plan/order.js'

export const dbArn = (name: string, account = PROD) => `arn:aws:rds:${REGION}:${account}:db:${name}`
export const roleArn = (name: string, account = PROD) => `arn:aws:iam::${account}:role/${name}`

export interface SampleFinding extends Partial<Omit<Finding, 'resource' | 'principal'>> {
  checkId: string
  resource?: string
  principal?: string
}

export function sampleFinding(o: SampleFinding): Finding {
  const resource = o.resource ?? dbArn('orders')
  const accountId = o.accountId ?? resource.split(':')[4] ?? PROD
  const { resource: _r, principal: _p, ...rest } = o
  return {
    fingerprint: fingerprintOf(o.checkId, resource, o.principal),
    title: `${o.checkId} title`,
    severity: 'high',
    riskClass: 'backup',
    accountId,
    region: REGION,
    environment: accountId === STAGING ? 'staging' : 'prod',
    environmentRule: 'manifest: account environment',
    message: `${o.checkId} fired on ${resource}`,
    evidence: {},
    remediation: `fix ${o.checkId}`,
    compliance: {},
    location: { file: `${accountId}/${REGION}/rds-describe-db-instances.json` },
    ...rest,
    resource: { arn: resource, type: resource.includes(':iam:') ? 'AWS::IAM::Role' : 'AWS::RDS::DBInstance' },
    ...(o.principal ? { principal: { arn: o.principal } } : {}),
  }
}

/** A report of these findings in the pipeline's one order (severity, then the plan's grouping). */
export function sampleReport(given: Finding[], over: Partial<Report> = {}): Report {
  const findings = orderFindings(given, over.plan)
  const summary = { ...findingCounts(findings), checksRun: new Set(findings.map((f) => f.checkId)).size, checksSkipped: 0 }
  return {
    schemaVersion: '1',
    tool: { name: 'bulkhead', version: '0.1.0' },
    generatedAt: NOW,
    source: { kind: 'snapshot', collectedAt: NOW, path: 'fixtures/estates/sample' },
    accounts: [
      { id: PROD, name: 'acme-prod', environment: 'prod' },
      { id: STAGING, name: 'acme-staging', environment: 'staging' },
    ],
    score: computeScore(findings),
    summary,
    findings,
    skipped: [],
    errors: [],
    ...over,
  }
}

export function meta(id: string, riskClass: RiskClass = 'backup', severity: Severity = 'high', compliance: CheckMeta['compliance'] = {}): CheckMeta {
  return {
    id, title: `${id} title`, riskClass, severity, description: `what ${id} finds`, remediation: `fix ${id}`,
    references: [`https://docs.aws.amazon.com/${id}`], compliance,
  }
}

export const ctxOf = (checks: CheckMeta[]): RenderContext => ({ color: false, checks })
