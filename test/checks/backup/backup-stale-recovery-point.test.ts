import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/backup-stale-recovery-point.js'
import { daysAgo, estate } from '../../support/estate.js'
import { runCheck, runCheckFull } from '../../support/run-check.js'

describe('backup-stale-recovery-point', () => {
  it('fires, high, when the newest surviving recovery point is three months old', () => {
    const inv = estate().prodAccount().database('orders')
      .recoveryPoint('orders-old', 'orders', { createdAt: daysAgo(120) })
      .recoveryPoint('orders-newest', 'orders', { createdAt: daysAgo(90) })
      .build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      severity: 'high',
      resource: { arn: inv.arnOf('orders') },
      evidence: { ageHours: 2160, rpoHours: 24, newestRecoveryPoint: { arn: inv.arnOf('orders-newest') } },
    })
  })
  it('ignores a fresh automated backup that dies with the database', () => {
    const inv = estate().prodAccount().database('orders')
      .recoveryPoint('orders-auto', 'orders', { kind: 'rds-automated', survivesDbDeletion: false, createdAt: daysAgo(0.1) })
      .recoveryPoint('orders-manual', 'orders', { createdAt: daysAgo(3) })
      .build()
    expect(runCheck(check, inv)).toHaveLength(1)
  })
  it('stays quiet at 23 hours with the default RPO of 24', () => {
    const inv = estate().prodAccount().database('orders').recoveryPoint('orders-snap', 'orders', { createdAt: daysAgo(23 / 24) }).build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('honours a configured RPO: 30 hours is fine against 48', () => {
    const inv = estate().prodAccount().database('orders').recoveryPoint('orders-snap', 'orders', { createdAt: daysAgo(30 / 24) }).build()
    expect(runCheck(check, inv, { rpoHours: 48 })).toEqual([])
    expect(runCheck(check, inv, { rpoHours: 24 })).toHaveLength(1)
  })
  it('leaves a database with no surviving recovery point to rds-only-automated-backups', () => {
    const inv = estate().prodAccount().database('orders')
      .recoveryPoint('orders-auto', 'orders', { kind: 'rds-automated', survivesDbDeletion: false, createdAt: daysAgo(200) })
      .build()
    const result = runCheckFull(check, inv)
    expect(result.findings).toEqual([])
    expect(result.skipped).toEqual([])
  })
  it('fires on a prod table whose newest on-demand backup is 30 days old and PITR is off', () => {
    const inv = estate().prodAccount().table('sessions', { pointInTimeRecovery: { enabled: false } })
      .storeRecoveryPoint('pre-migration', 'dynamodb-backup', 'sessions', { createdAt: daysAgo(30) })
      .build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ resource: { arn: inv.arnOf('sessions'), type: 'AWS::DynamoDB::Table' }, evidence: { ageHours: 720, newestRecoveryPoint: { kind: 'dynamodb-backup' } } })
  })
  it('stays quiet on a table with PITR and a bucket with a replica: continuous copies are as fresh as their source', () => {
    const inv = estate().prodAccount()
      .table('sessions').storeRecoveryPoint('old', 'dynamodb-backup', 'sessions', { createdAt: daysAgo(300) }).storeRecoveryPoint('pitr', 'dynamodb-pitr', 'sessions')
      .bucket('invoices').storeRecoveryPoint('invoices-replica', 's3-replica', 'invoices')
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('leaves a bucket with no recovery point at all to backup-no-cross-account-copy', () => {
    expect(runCheckFull(check, estate().prodAccount().bucket('invoices').build())).toMatchObject({ findings: [], skipped: [] })
  })
})
