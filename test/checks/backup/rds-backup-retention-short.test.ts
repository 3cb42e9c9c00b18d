import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/rds-backup-retention-short.js'
import { estate } from '../../support/estate.js'
import { runCheck } from '../../support/run-check.js'

describe('rds-backup-retention-short', () => {
  it('fires, critical, on a prod database with retention 0', () => {
    const inv = estate().prodAccount().database('orders', { backupRetentionDays: 0 }).build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'critical', resource: { arn: inv.arnOf('orders') } })
  })
  it('fires, medium, at 3 days with the default minimum of 7', () => {
    const inv = estate().prodAccount().database('orders', { backupRetentionDays: 3 }).build()
    const [finding] = runCheck(check, inv)
    expect(finding).toMatchObject({ severity: 'medium', evidence: { backupRetentionDays: 3, minRetentionDays: 7 } })
    expect(finding.message).toBe('orders keeps automated backups for 3 days (minimum 7)')
  })
  it('stays quiet at exactly the minimum (7 of 7)', () => {
    const inv = estate().prodAccount().database('orders', { backupRetentionDays: 7 }).build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('uses a configured minimum: 7 days fires against 14', () => {
    const inv = estate().prodAccount().database('orders', { backupRetentionDays: 7 }).build()
    expect(runCheck(check, inv, { minRetentionDays: 14 })).toHaveLength(1)
  })
  it('judges an Aurora member by its cluster, where retention is set', () => {
    const clusterArn = 'arn:aws:rds:us-east-1:111111111111:cluster:ledger'
    const inv = estate().prodAccount()
      .cluster('ledger', { backupRetentionDays: 1, memberArns: ['arn:aws:rds:us-east-1:111111111111:db:ledger-1'] })
      .database('ledger-1', { clusterArn, backupRetentionDays: 1 })
      .build()
    expect(runCheck(check, inv).map((f) => f.resource.arn)).toEqual([clusterArn])
  })
  it('stays quiet for staging, however short', () => {
    const inv = estate().stagingAccount().database('orders-stg', { backupRetentionDays: 1 }).build()
    expect(runCheck(check, inv)).toEqual([])
  })
})
