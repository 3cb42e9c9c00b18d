import { describe, expect, it } from 'vitest'
import check from '../../../checks/isolation/principal-spans-environments.js'
import { runCheck } from '../../support/run-check.js'
import { allowAll, estate } from '../../iam/fixtures.js'

describe('principal-spans-environments', () => {
  it('fires for a role that can modify a prod and a staging database in the same account', () => {
    const inv = estate().prodAccount()
      .database('orders').database('orders-staging', { tags: { Environment: 'staging' } })
      .user('migrator').inline('migrator', allowAll('rds:ModifyDBInstance')).build()
    const [f] = runCheck(check, inv)
    expect(f).toMatchObject({ severity: 'high', principal: { arn: inv.arnOf('migrator') } })
    expect(f.evidence).toMatchObject({ prod: [{ arn: inv.arnOf('orders') }], nonProd: [{ arn: inv.arnOf('orders-staging'), environment: 'staging' }] })
  })

  it('stays quiet when the policy is scoped to the staging database', () => {
    const inv = estate().prodAccount()
      .database('orders').database('orders-staging', { tags: { Environment: 'staging' } })
      .user('migrator').inline('migrator', allowAll('rds:ModifyDBInstance', 'arn:aws:rds:us-east-1:111111111111:db:orders-staging')).build()
    expect(runCheck(check, inv)).toEqual([])
  })

  it('respects an aws:ResourceTag condition the inventory can decide', () => {
    const inv = estate().prodAccount()
      .database('orders', { tags: { Environment: 'prod' } }).database('orders-staging', { tags: { Environment: 'staging' } })
      .user('migrator').inline('migrator', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['rds:*'], Resource: ['*'],
        Condition: { StringEquals: { 'aws:ResourceTag/Environment': ['staging'] } } }] }).build()
    expect(runCheck(check, inv)).toEqual([])
  })
})
