// Spec §8 through the built CLI as a process: bad S3/DynamoDB files are one line and exit 2,
// absent ones make their checks skipped without making the scan partial, and SARIF points a
// bucket finding at the file that says it.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, fixture } from '../support/cli.js'
import { ACCOUNT, REGION, writeSnapshotDir } from '../support/snapshot-dir.js'

const g = (name: string) => `${ACCOUNT}/global/${name}.json`
const listBuckets = { [g('s3api-list-buckets')]: { Buckets: [{ Name: 'invoices-prod', BucketRegion: REGION }] } }
const dynamodb = { [`${ACCOUNT}/${REGION}/dynamodb-list-tables.json`]: { TableNames: [] }, [`${ACCOUNT}/${REGION}/dynamodb-list-backups.json`]: { BackupSummaries: [] } }

describe('scan with S3 and DynamoDB files', () => {
  it('exits 2 with one line naming the file, the JSON path and what was expected', () => {
    const dir = writeSnapshotDir({ ...listBuckets, ...dynamodb, [g('s3api-get-bucket-versioning--invoices-prod')]: { Status: 'On' } })
    const r = cli(['scan', '--snapshot', dir, '--format', 'json'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`bulkhead: ${join(dir, g('s3api-get-bucket-versioning--invoices-prod'))}: $.Status: expected one of "Enabled", "Suspended"\n`)
  })

  it('without them, their checks are skipped as absent, and the scan is not partial (exit 0, not 3)', () => {
    const r = cli(['scan', '--snapshot', writeSnapshotDir(), '--format', 'json', '--checks', 's3-versioning-off,dynamodb-pitr-off'])
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as { skipped: { checkId: string; reason: string }[]; errors: unknown[]; summary: { checksSkipped: number; checksPartial: number } }
    expect(report.errors).toEqual([])
    // both ran, over no data: "in part", each counted once (not also as "not run")
    expect(report.summary.checksSkipped).toBe(0)
    expect(report.summary.checksPartial).toBe(2)
    expect(report.skipped).toEqual([
      { checkId: 'dynamodb-pitr-off', reason: `${ACCOUNT}/${REGION}/dynamodb-list-tables.json absent from the snapshot (${ACCOUNT}/${REGION}): optional file absent`, kind: 'partial' },
      { checkId: 's3-versioning-off', reason: `${g('s3api-list-buckets')} absent from the snapshot (${ACCOUNT}): optional file absent`, kind: 'partial' },
    ])
  })

  it('a bucket file named in errors is a partial scan: exit 3, and that bucket is not judged', () => {
    const versioning = g('s3api-get-bucket-versioning--invoices-prod')
    const dir = writeSnapshotDir({
      ...listBuckets, ...dynamodb,
      'snapshot.json': {
        formatVersion: 1, collectedAt: '2026-11-27T00:00:00Z', accounts: [{ id: ACCOUNT, environment: 'prod', regions: [REGION] }],
        errors: [{ file: versioning, operation: 's3:GetBucketVersioning', message: 'AccessDenied: Access Denied' }],
      },
    })
    const r = cli(['scan', '--snapshot', dir, '--format', 'json', '--checks', 's3-versioning-off', '--fail-on', 'none'])
    expect(r.code).toBe(3)
    const report = JSON.parse(r.stdout) as { findings: unknown[]; skipped: { reason: string }[] }
    expect(report.findings).toEqual([])
    expect(report.skipped.map((s) => s.reason)).toEqual([`${versioning} not collected (${ACCOUNT}): s3:GetBucketVersioning failed: AccessDenied: Access Denied`])
  })

  it('SARIF locates the demo bucket finding at its versioning file, the table finding at its continuous-backups file', () => {
    const r = cli(['scan', '--snapshot', fixture('shared-blast-radius'), '--format', 'sarif', '--checks', 's3-versioning-off,dynamodb-pitr-off'])
    expect(r.code).toBe(0)
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }
    const where = Object.fromEntries(sarif.runs[0].results.map((x) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri]))
    expect(where['s3-versioning-off']).toMatch(/111111111111\/global\/s3api-get-bucket-versioning--acme-invoices-prod\.json$/)
    expect(where['dynamodb-pitr-off']).toMatch(/111111111111\/us-east-1\/dynamodb-describe-continuous-backups--sessions-prod\.json$/)
  })
})
