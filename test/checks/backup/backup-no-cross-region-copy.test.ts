import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/backup-no-cross-region-copy.js'
import crossAccount from '../../../checks/backup/backup-no-cross-account-copy.js'
import { estate, PROD } from '../../support/estate.js'
import { runCheck, runCheckFull } from '../../support/run-check.js'

const BACKUP = '333333333333'

describe('backup-no-cross-region-copy', () => {
  it('fires, medium, when the only copy is in another account of the same region (which satisfies only the account check)', () => {
    const inv = estate().prodAccount().database('orders')
      .account(BACKUP, 'acme-backup').vault('central').vaultRecoveryPoint('orders-copy', 'central', 'orders')
      .build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'medium', resource: { arn: inv.arnOf('orders') }, evidence: { store: 'database', storeRegion: 'us-east-1' } })
    expect(runCheck(crossAccount, inv)).toEqual([])
  })
  it('stays quiet with a copy in another region of the same account (which satisfies only the region check)', () => {
    const inv = estate().prodAccount().database('orders').in(PROD, 'eu-west-1').recoveryPoint('orders-dr', 'orders').build()
    expect(runCheck(check, inv)).toEqual([])
    expect(runCheck(crossAccount, inv)).toHaveLength(1)
  })
  it('fires when the copy in another region does not survive deleting the database', () => {
    const inv = estate().prodAccount().database('orders')
      .in(PROD, 'eu-west-1').recoveryPoint('orders-replica', 'orders', { kind: 'rds-automated', survivesDbDeletion: false })
      .build()
    expect(runCheck(check, inv)).toHaveLength(1)
  })

  it('fires on a prod bucket replicated only within its region, and on a table whose backups stay in its region', () => {
    const inv = estate().prodAccount()
      .bucket('invoices').bucket('invoices-copy').storeRecoveryPoint('invoices-copy', 's3-replica', 'invoices')
      .table('sessions').storeRecoveryPoint('pre-migration', 'dynamodb-backup', 'sessions')
      .build()
    const findings = runCheck(check, inv)
    // the replica bucket is a copy: judged as its source's recovery point, not for copies of its own
    expect(findings.map((f) => [f.resource.arn, f.resource.type, f.evidence.store])).toEqual([
      [inv.arnOf('sessions'), 'AWS::DynamoDB::Table', 'table'],
      ['arn:aws:s3:::invoices', 'AWS::S3::Bucket', 'bucket'],
    ])
  })
  it('stays quiet on a bucket replicated to another region, and on a table with an AWS Backup copy in another region', () => {
    const inv = estate().prodAccount()
      .bucket('invoices')
      .in(PROD, 'us-west-2').storeRecoveryPoint('invoices-dr', 's3-replica', 'invoices')
      .in(PROD, 'us-east-1').table('sessions')
      .in(PROD, 'us-west-2').vault('dr').vaultRecoveryPoint('sessions-dr', 'dr', 'sessions', { arn: `arn:aws:backup:us-west-2:${PROD}:recovery-point:sessions-dr` })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('says skipped for a bucket whose region is not known', () => {
    const inv = estate().prodAccount().bucket('invoices', { region: 'global', regionSource: 'unknown' }).build()
    const { findings, skipped } = runCheckFull(check, inv)
    expect(findings).toEqual([])
    expect(skipped).toEqual([{ checkId: 'backup-no-cross-region-copy', reason: expect.stringMatching(/arn:aws:s3:::invoices: the bucket's region is not known/), kind: 'partial' }])
  })
})
