import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/rds-deletion-protection-off.js'
import { estate } from '../../support/estate.js'
import { runCheck } from '../../support/run-check.js'

const MEMBER = 'arn:aws:rds:us-east-1:111111111111:db:ledger-1'
const CLUSTER = 'arn:aws:rds:us-east-1:111111111111:cluster:ledger'

describe('rds-deletion-protection-off', () => {
  it('fires, high, on a prod instance with deletion protection off', () => {
    const inv = estate().prodAccount().database('orders', { deletionProtection: false }).build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'high', resource: { arn: inv.arnOf('orders'), type: 'AWS::RDS::DBInstance' } })
  })
  it('judges an Aurora member by its cluster: the cluster fires, the member does not', () => {
    const inv = estate().prodAccount()
      .cluster('ledger', { deletionProtection: false, memberArns: [MEMBER] })
      .database('ledger-1', { clusterArn: CLUSTER, deletionProtection: false })
      .build()
    expect(runCheck(check, inv).map((f) => f.resource.arn)).toEqual([CLUSTER])
  })
  it('stays quiet when the cluster is protected, whatever its member reports', () => {
    const inv = estate().prodAccount()
      .cluster('ledger', { deletionProtection: true, memberArns: [MEMBER] })
      .database('ledger-1', { clusterArn: CLUSTER, deletionProtection: false })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet for a staging database without protection', () => {
    const inv = estate().stagingAccount().database('orders-stg', { deletionProtection: false }).build()
    expect(runCheck(check, inv)).toEqual([])
  })
})
