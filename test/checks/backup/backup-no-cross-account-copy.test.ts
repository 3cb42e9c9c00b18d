import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/backup-no-cross-account-copy.js'
import { estate, PROD } from '../../support/estate.js'
import { runCheck } from '../../support/run-check.js'

const BACKUP = '333333333333'

describe('backup-no-cross-account-copy', () => {
  it('fires when every surviving recovery point is in the database account, even in another region', () => {
    const inv = estate().prodAccount().database('orders')
      .recoveryPoint('orders-snap', 'orders')
      .in(PROD, 'eu-west-1').recoveryPoint('orders-dr', 'orders')
      .build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'high', resource: { arn: inv.arnOf('orders') } })
    expect(finding.message).toContain(PROD)
  })
  it('stays quiet with a copy in another account, even in the same region', () => {
    const inv = estate().prodAccount().database('orders')
      .account(BACKUP, 'acme-backup').vault('central').vaultRecoveryPoint('orders-copy', 'central', 'orders')
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('still fires when the copy in another account has failed', () => {
    const inv = estate().prodAccount().database('orders')
      .account(BACKUP, 'acme-backup').vault('central').vaultRecoveryPoint('orders-copy', 'central', 'orders', { status: 'EXPIRED' })
      .build()
    expect(runCheck(check, inv)).toHaveLength(1)
  })
  it('stays quiet for a dev database', () => {
    const inv = estate().account('444444444444', 'acme-dev', 'dev').database('orders-dev').build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('fires on a prod bucket with no replica and a prod table whose only backups stay in its account', () => {
    const inv = estate().prodAccount().bucket('invoices')
      .table('sessions').storeRecoveryPoint('pre-migration', 'dynamodb-backup', 'sessions').storeRecoveryPoint('pitr', 'dynamodb-pitr', 'sessions')
      .build()
    const findings = runCheck(check, inv)
    expect(findings.map((f) => [f.resource.arn, f.evidence.store])).toEqual([[inv.arnOf('sessions'), 'table'], ['arn:aws:s3:::invoices', 'bucket']])
    expect(findings[1].message).toBe(`invoices has 0 surviving recovery points outside account ${PROD} (none survive at all; at least 1 needed elsewhere)`)
    expect(findings[0].message).toMatch(/all 2 are in the same account/)
  })
  it('stays quiet on a bucket replicated to another account, and does not ask the replica for copies of its own', () => {
    const inv = estate().prodAccount().bucket('invoices')
      .account(BACKUP, 'acme-backup', 'prod').bucket('invoices-replica').storeRecoveryPoint('invoices-replica', 's3-replica', 'invoices')
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet on a table with an AWS Backup copy in another account', () => {
    const inv = estate().prodAccount().table('sessions')
      .account(BACKUP, 'acme-backup').vault('central').vaultRecoveryPoint('sessions-copy', 'central', 'sessions', { arn: `arn:aws:backup:us-east-1:${BACKUP}:recovery-point:sessions-copy` })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('fires when the replica rule names no destination account and the destination is not in the snapshot (assumed same account)', () => {
    const inv = estate().prodAccount().bucket('invoices')
      .storeRecoveryPoint('invoices-elsewhere', 's3-replica', 'invoices', { replica: { sourceBucketArn: 'arn:aws:s3:::invoices', deleteMarkerReplication: false, accountFrom: 'assumed', regionFrom: 'assumed' } })
      .build()
    expect(runCheck(check, inv)).toHaveLength(1)
  })
})
