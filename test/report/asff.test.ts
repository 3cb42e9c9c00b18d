// AWS Security Hub findings (spec §11), checked by their real consumer's contract: botocore's
// Security Hub model, BatchImportFindings input in batches of 100 as the API takes them, plus the
// enums, patterns and maximum lengths botocore's ParamValidator leaves to the service.
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../src/checks/define.js'
import { asffResourceType, render } from '../../src/report/asff.js'
import type { Report } from '../../src/report/model.js'
import { UsageError } from '../../src/errors.js'
import { validateExchange } from '../support/exchange.js'
import { reportOf, sampleReport } from '../support/report-fixture.js'
import { PROD, STAGING } from '../support/estate.js'

type Asff = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const { report, checks } = sampleReport()
const asff = (r: Report): string => render(r, { color: false, checks })
const parse = (r: Report): Asff[] => JSON.parse(asff(r))
const byCheck = (out: Asff[], id: string) => out.find((a) => a.GeneratorId === id)!

describe('ASFF reporter', () => {
  const text = asff(report)
  const out: Asff[] = JSON.parse(text)

  it('validates against botocore\'s BatchImportFindings input shape', () => {
    expect(out).toHaveLength(report.findings.length)
    expect(validateExchange('asff', text)).toEqual({ count: report.findings.length, batches: 1, errors: [] })
  })

  it('names the finding by its fingerprint, the check, the account and its default product', () => {
    report.findings.forEach((f, i) => {
      expect(out[i]).toMatchObject({
        SchemaVersion: '2018-10-08',
        Id: `bulkhead/${f.fingerprint}`,
        GeneratorId: f.checkId,
        AwsAccountId: f.accountId,
        CreatedAt: report.generatedAt,
        UpdatedAt: report.generatedAt,
        Title: f.title,
        Description: f.message,
        RecordState: 'ACTIVE',
      })
      expect(out[i].ProductArn).toBe(`arn:aws:securityhub:${out[i].Region}:${f.accountId}:product/${f.accountId}/default`)
    })
  })

  it('carries the finding\'s severity as the label, never the check default', () => {
    expect(out.map((a) => a.Severity.Label)).toEqual(report.findings.map((f) => ({ critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFORMATIONAL' })[f.severity]))
    const lowered = parse(reportOf([{ ...report.findings[1], severity: 'low' }]))[0]
    expect(lowered.Severity).toEqual({ Label: 'LOW', Original: 'low' })
    expect(lowered.FindingProviderFields.Severity).toEqual({ Label: 'LOW', Original: 'low' })
  })

  it('describes the resource with its ASFF type, partition and region, and the principal as the actor', () => {
    const del = byCheck(out, 'unrecoverable-deletion')
    expect(del.Resources).toEqual([
      { Type: 'AwsRdsDbInstance', Id: report.findings[0].resource.arn, Partition: 'aws', Region: 'us-east-1', ResourceRole: 'Target' },
      { Type: 'AwsIamRole', Id: report.findings[0].principal!.arn, Partition: 'aws', ResourceRole: 'Actor' },
    ])
    const token = byCheck(out, 'token-in-workspace')
    expect(token.Resources).toEqual([{
      Type: 'Other', Id: 'workspace:deploy/.env', Partition: 'aws', ResourceRole: 'Target',
      Details: { Other: { 'bulkhead/ResourceType': 'Bulkhead::Workspace::File', 'bulkhead/Location': 'deploy/.env:3' } },
    }])
    // a global (IAM, workspace) finding goes to IAM's home region
    expect(token.Region).toBe('us-east-1')
    // the unused key's user is the resource itself: no second entry
    expect(byCheck(out, 'unused-credential').Resources).toHaveLength(1)
  })

  it('maps CloudFormation resource types to ASFF names', () => {
    expect(['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::IAM::Role', 'AWS::Backup::BackupVault', 'AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::SecretsManager::Secret', 'AWS::KMS::Key', 'AWS::::Account', 'AWS::IAM::Root', 'Bulkhead::Workspace::File'].map(asffResourceType))
      .toEqual(['AwsRdsDbInstance', 'AwsRdsDbCluster', 'AwsIamRole', 'AwsBackupBackupVault', 'AwsDynamoDbTable', 'AwsS3Bucket', 'AwsSecretsManagerSecret', 'AwsKmsKey', 'AwsAccount', 'AwsAccount', 'Other'])
  })

  it('gives remediation, types, and compliance only where the finding maps controls', () => {
    const del = byCheck(out, 'unrecoverable-deletion')
    expect(del.Remediation.Recommendation).toEqual({ Text: report.findings[0].remediation, Url: checks[0].references[0] })
    expect(del.Types).toEqual([
      'Software and Configuration Checks/AWS Security Best Practices/Excessive Privilege',
      'Software and Configuration Checks/Industry and Regulatory Standards/NIST 800-53 Controls (USA)',
      'Software and Configuration Checks/Industry and Regulatory Standards/SOC 2',
    ])
    expect(del.Compliance).toEqual({ Status: 'FAILED', RelatedRequirements: ['nist-800-53/CP-9', 'soc2/CC7.2'] })
    expect(parse(reportOf([{ ...report.findings[0], compliance: {} }]))[0]).not.toHaveProperty('Compliance')
  })

  it('sets the workflow: NEW when open, SUPPRESSED with a note when a suppression or the baseline accepted it', () => {
    expect(byCheck(out, 'rds-deletion-protection-off')).toMatchObject({ Workflow: { Status: 'NEW' } })
    expect(byCheck(out, 'rds-deletion-protection-off')).not.toHaveProperty('Note')
    expect(byCheck(out, 'backup-vault-unlocked')).toMatchObject({
      Workflow: { Status: 'SUPPRESSED' },
      Note: { Text: 'suppression: lock scheduled for the next change window (owner platform@acme.example, expires 2027-01-31)', UpdatedBy: 'bulkhead' },
    })
    expect(byCheck(out, 'backup-no-cross-region-copy')).toMatchObject({ Workflow: { Status: 'SUPPRESSED' }, Note: { Text: 'baseline: accepted in baseline of 2026-11-01' } })
  })

  it('clips Title to 256 and Description to 1024 characters, never inside a surrogate pair', () => {
    const f: Finding = { ...report.findings[1], title: `${'T'.repeat(254)}😀😀`, message: `${'m'.repeat(1022)}😀 and more`, remediation: 'r'.repeat(2000) }
    const text = asff(reportOf([f]))
    const [a] = JSON.parse(text)
    expect(a.Title).toBe(`${'T'.repeat(254)}…`)
    expect(a.Description).toBe(`${'m'.repeat(1022)}…`)
    expect(a.Remediation.Recommendation.Text).toHaveLength(512)
    expect(validateExchange('asff', text).errors).toEqual([])
  })

  it('takes many findings in batches of 100, every one valid', () => {
    const base = report.findings[1]
    const many = Array.from({ length: 250 }, (_, i) => ({ ...base, fingerprint: `${i}`.padStart(32, '0'), resource: { ...base.resource, arn: `${base.resource.arn}-${i}` } }))
    expect(validateExchange('asff', asff(reportOf(many)))).toEqual({ count: 250, batches: 3, errors: [] })
  })

  it('files a finding that names no account under the report\'s first account', () => {
    const f: Finding = { ...report.findings[2], accountId: '' }
    const text = asff(reportOf([f]))
    expect(JSON.parse(text)[0]).toMatchObject({ AwsAccountId: PROD, ProductArn: `arn:aws:securityhub:us-east-1:${PROD}:product/${PROD}/default` })
    expect(validateExchange('asff', text).errors).toEqual([])
    expect(() => asff({ ...reportOf([f]), accounts: [] })).toThrow(UsageError)
    expect(() => asff({ ...reportOf([f]), accounts: [] })).toThrow(/names no AWS account.*scan with --snapshot or --aws/)
  })

  it('keeps the partition of a China or GovCloud resource', () => {
    const arn = `arn:aws-cn:rds:cn-north-1:${STAGING}:db:orders`
    const f: Finding = { ...report.findings[1], accountId: STAGING, region: 'cn-north-1', resource: { ...report.findings[1].resource, arn } }
    const text = asff(reportOf([f]))
    expect(JSON.parse(text)[0].ProductArn).toBe(`arn:aws-cn:securityhub:cn-north-1:${STAGING}:product/${STAGING}/default`)
    expect(validateExchange('asff', text).errors).toEqual([])
  })

  it('masks access key ids and escapes control characters from the estate', () => {
    const key = 'AKIAZQXWVUTSRQPOKQD2' // made up
    const f: Finding = { ...report.findings[1], title: 'x\u0007', message: `\u001b]0;owned\u0007user ci has ${key}\nforged` }
    const text = asff(reportOf([f]))
    expect(text).not.toContain(key)
    expect(JSON.parse(text)[0]).toMatchObject({ Title: 'x\\x07', Description: '\\x1b]0;owned\\x07user ci has AKIA…KQD2\\nforged' })
    expect(validateExchange('asff', text).errors).toEqual([])
  })
})

describe('the ASFF validator (the harness itself)', () => {
  const one = JSON.parse(render(report, { color: false, checks }))[0]
  it('rejects a missing Title, a Title over 256, an unknown workflow status and a type outside the taxonomy', () => {
    const { Title: _t, ...untitled } = one
    const bad = [untitled, { ...one, Title: 'x'.repeat(300) }, { ...one, Workflow: { Status: 'OPEN' } }, { ...one, Types: ['Bulkhead/Backups/Old'] }]
    expect(validateExchange('asff', JSON.stringify(bad)).errors).toEqual([
      'batch 0: Missing required parameter in Findings[0]: "Title"',
      "batch 0.Findings[2].Workflow.Status: 'OPEN' is not one of ['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']",
      '[1].Title: 300 characters (at most 256)',
      "[3].Types: 'Bulkhead/Backups/Old' is not namespace/category/classifier of the ASFF taxonomy",
    ])
  })
})
