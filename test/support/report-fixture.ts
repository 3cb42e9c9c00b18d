// A real-shaped Report for reporter tests: findings made by the checks' own findingFactory over
// estate resources, including a workspace token with a line, a principal with an escalation path,
// a suppressed and a baselined finding, a skipped check, and (optionally) a collection error.
// Every report built here is checked against the report schema.
import { defineCheck, findingFactory, type Check, type Finding, type Severity } from '../../src/checks/define.js'
import { REPORT_SCHEMA_VERSION, type Report } from '../../src/report/model.js'
import { toCheckMeta, type CheckMeta } from '../../src/report/render.js'
import { computeScore } from '../../src/score/score.js'
import { assertValidReport } from './report-schema.js'
import { allowAll, estate, NOW, PROD, STAGING, trustAccount } from './estate.js'
import { findingCounts } from '../../src/report/build.js'
import { skipCounts, type SkippedEntry } from '../../src/checks/run.js'

const meta = (id: string, riskClass: Check['riskClass'], severity: Severity, title: string): Check =>
  defineCheck({
    id, riskClass, severity, title,
    description: `${title}: the sample description of ${id}, which says what it catches and why it matters.`,
    remediation: `Fix ${id} (sample remediation).`,
    references: [`https://docs.aws.amazon.com/bulkhead-sample/${id}.html`, 'https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html'],
    compliance: { 'nist-800-53': ['CP-9'], 'soc2': ['CC7.2'] },
    needs: [],
    run: () => [],
  })

export const SAMPLE_CHECKS: Check[] = [
  meta('unrecoverable-deletion', 'privilege', 'critical', 'Principal can delete a prod database and every way back'),
  meta('rds-deletion-protection-off', 'backup', 'high', 'Prod database has deletion protection off'),
  meta('token-in-workspace', 'privilege', 'high', 'Credential lying in a workspace file'),
  meta('backup-vault-unlocked', 'backup', 'high', 'Vault holding prod recovery points has no compliance lock'),
  meta('prod-nonprod-same-account', 'isolation', 'medium', 'Prod and non-prod databases share an account'),
  meta('backup-no-cross-region-copy', 'backup', 'medium', 'Prod database has no recovery point in another region'),
  meta('unused-credential', 'privilege', 'low', 'Credential unused for 90 days or more'),
  meta('shared-db-secret', 'isolation', 'medium', 'Prod and non-prod databases share a key or secret'),
]
const byId = (id: string) => SAMPLE_CHECKS.find((c) => c.id === id)!

export const SAMPLE_INVENTORY = estate()
  .stagingAccount().database('orders-stg')
  .prodAccount()
  .database('orders', { deletionProtection: false })
  .database('billing-staging', { tags: { Environment: 'staging' } })
  .vault('prod-vault')
  .vaultRecoveryPoint('rp-1', 'prod-vault', 'orders')
  .role('deployer', trustAccount(STAGING)).inline('deployer', allowAll(['rds:*', 'backup:*']))
  .user('old-ci')
  .root()
  .build()

export interface SampleOptions {
  errors?: Report['errors']
  /** drop the critical finding (for a report that is not F) */
  withoutCritical?: boolean
}

export function sampleFindings(o: SampleOptions = {}): Finding[] {
  const inv = SAMPLE_INVENTORY
  const db = inv.databases.find((d) => d.name === 'orders')!
  const vault = inv.vaults[0]
  const deployer = inv.principals.find((p) => p.name === 'deployer')!
  const oldCi = inv.principals.find((p) => p.name === 'old-ci')!
  const root = inv.principals.find((p) => p.kind === 'root')!
  const f = (id: string) => findingFactory(byId(id))
  const findings: Finding[] = [
    f('unrecoverable-deletion')({
      resource: db, principal: deployer,
      message: 'deployer can delete orders and its only surviving recovery point rp-1',
      evidence: {
        path: [
          `assume ${deployer.arn} from account ${STAGING}`,
          { from: deployer.arn, action: 'rds:DeleteDBInstance', resource: db.arn, verdict: 'allowed', via: [`${deployer.arn}/inline/inline#Statement[0]`] },
          { kind: 'note', detail: 'automated backups go with the instance' },
          { description: `backup:DeleteRecoveryPoint on ${inv.arnOf('rp-1')} (vault policy does not deny it)` },
        ],
      },
    }),
    f('rds-deletion-protection-off')({ resource: db, message: 'orders has deletion protection off', evidence: { deletionProtection: false } }),
    f('token-in-workspace')({
      resource: {
        arn: 'workspace:deploy/.env', type: 'Bulkhead::Workspace::File', accountId: PROD, region: 'global', source: 'deploy/.env',
        environment: { environment: 'staging', rule: 'name', detail: "name word 'staging'" },
      },
      message: 'deploy/.env line 3 holds a GitHub token (ghp_, sha256 3f2a9c0d11be)',
      evidence: { type: 'github-token', preview: 'ghp_', fingerprint: '3f2a9c0d11be', name: 'GH_TOKEN' },
      location: { file: 'deploy/.env', line: 3 },
      key: 'deploy/.env:3',
    }),
    {
      ...f('backup-vault-unlocked')({ resource: vault, message: 'prod-vault has no Vault Lock', evidence: { locked: false } }),
      suppressed: { kind: 'suppression', reason: 'lock scheduled for the next change window', owner: 'platform@acme.example', expires: '2027-01-31' },
    },
    f('prod-nonprod-same-account')({
      resource: { ...root, arn: `arn:aws:iam::${PROD}:root` },
      message: `account ${PROD} holds prod orders and staging billing-staging`,
      evidence: { prod: [db.arn], nonProd: [inv.arnOf('billing-staging')] },
    }),
    {
      ...f('backup-no-cross-region-copy')({ resource: db, message: 'orders has no surviving recovery point outside us-east-1' }),
      suppressed: { kind: 'baseline', reason: 'accepted in baseline of 2026-11-01' },
    },
    f('unused-credential')({ resource: oldCi, principal: oldCi, message: 'old-ci has an access key unused for 212 days', evidence: { days: 212 } }),
  ]
  return o.withoutCritical ? findings.filter((x) => x.severity !== 'critical') : findings
}

export function reportOf(findings: Finding[], o: Pick<Report, 'skipped' | 'errors'> = { skipped: [], errors: [] }): Report {
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'bulkhead', version: '0.1.0' },
    generatedAt: NOW,
    source: { kind: 'snapshot', collectedAt: NOW, path: 'fixtures/estates/sample' },
    accounts: [
      { id: PROD, name: 'acme-prod', environment: 'prod' },
      { id: STAGING, name: 'acme-staging', environment: 'staging' },
    ],
    score: computeScore(findings),
    summary: {
      ...findingCounts(findings),
      checksRun: SAMPLE_CHECKS.length, ...skipSummary(o.skipped),
    },
    findings,
    skipped: o.skipped,
    errors: o.errors,
  }
  assertValidReport(JSON.parse(JSON.stringify(report)))
  return report
}

export function sampleReport(o: SampleOptions = {}): { report: Report; checks: CheckMeta[] } {
  const skipped = [{ checkId: 'shared-db-secret', reason: `kms-list-aliases.json not collected (${PROD}/us-east-1): optional file absent` }]
  return { report: reportOf(sampleFindings(o), { skipped, errors: o.errors ?? [] }), checks: SAMPLE_CHECKS.map(toCheckMeta) }
}

/** The summary's skip counts as buildReport makes them: one vocabulary, each counted once. */
function skipSummary(skipped: SkippedEntry[]) {
  const c = skipCounts(skipped)
  return { checksSkipped: c.notRun, checksPartial: c.partial, exemptPrincipals: c.exempt }
}
