import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/rds-only-automated-backups.js'
import { estate } from '../../support/estate.js'
import { runCheck } from '../../support/run-check.js'

describe('rds-only-automated-backups', () => {
  it('fires, critical, on a prod database whose only recovery point is its in-place automated backup', () => {
    const inv = estate().prodAccount().database('orders')
      .recoveryPoint('orders-auto', 'orders', { kind: 'rds-automated', survivesDbDeletion: false })
      .build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      severity: 'critical',
      resource: { arn: inv.arnOf('orders') },
      evidence: { survivingRecoveryPoints: 0, recoveryPointsByKind: { 'rds-automated': 1 } },
    })
  })
  it('fires when the only manual snapshot is still being created', () => {
    const inv = estate().prodAccount().database('orders').recoveryPoint('orders-snap', 'orders', { status: 'creating' }).build()
    expect(runCheck(check, inv)).toHaveLength(1)
  })
  it('stays quiet with one manual snapshot', () => {
    const inv = estate().prodAccount().database('orders').recoveryPoint('orders-snap', 'orders').build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('judges an Aurora member by its cluster: one finding for the cluster, quiet once the cluster has a snapshot', () => {
    const base = () => estate().prodAccount()
      .cluster('ledger', { memberArns: ['arn:aws:rds:us-east-1:111111111111:db:ledger-1'] })
      .database('ledger-1', { clusterArn: 'arn:aws:rds:us-east-1:111111111111:cluster:ledger' })
    const bare = base().build()
    expect(runCheck(check, bare).map((f) => f.resource.arn)).toEqual([bare.arnOf('ledger')])
    const covered = base().recoveryPoint('ledger-snap', 'ledger').build()
    expect(runCheck(check, covered)).toEqual([])
  })
  it('stays quiet for a staging database with no backups', () => {
    const inv = estate().stagingAccount().database('orders-stg').build()
    expect(runCheck(check, inv)).toEqual([])
  })
})
