import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/rds-not-in-backup-plan.js'
import { estate, PROD, STAGING } from '../../support/estate.js'
import type { BackupSelection } from '../../../src/inventory/types.js'
import { runCheck } from '../../support/run-check.js'

const selection = (over: Partial<BackupSelection>): BackupSelection => ({
  id: 'sel-1', name: 'prod-rds', iamRoleArn: `arn:aws:iam::${PROD}:role/backup`,
  resources: [], notResources: [], listOfTags: [], conditions: [], ...over,
})
const withSelection = (over: Partial<BackupSelection>, tags: Record<string, string> = { team: 'payments' }) =>
  estate().prodAccount().database('orders', { tags }).backupPlan('daily', { selections: [selection(over)] }).build()
const ORDERS = `arn:aws:rds:us-east-1:${PROD}:db:orders`

describe('rds-not-in-backup-plan', () => {
  it('fires, high, on a prod database when no plan exists', () => {
    const inv = estate().prodAccount().database('orders').build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'high', resource: { arn: inv.arnOf('orders') } })
  })
  it('fires when the only selection names another database', () => {
    expect(runCheck(check, withSelection({ resources: [`arn:aws:rds:us-east-1:${PROD}:db:invoices`] }))).toHaveLength(1)
  })
  it('fires when the wildcard selection excludes it with NotResources', () => {
    expect(runCheck(check, withSelection({ resources: ['*'], notResources: [ORDERS] }))).toHaveLength(1)
  })
  it('fires when a tag list entry differs in value', () => {
    expect(runCheck(check, withSelection({ listOfTags: [{ condition: 'STRINGEQUALS', key: 'team', value: 'billing' }] }))).toHaveLength(1)
  })
  it('fires when one of two AND-ed conditions fails', () => {
    const conditions = [
      { operator: 'StringEquals', key: 'aws:ResourceTag/team', value: 'payments' },
      { operator: 'StringEquals', key: 'aws:ResourceTag/backup', value: 'daily' },
    ]
    expect(runCheck(check, withSelection({ resources: ['*'], conditions }))).toHaveLength(1)
  })
  it('fires when the only selecting plan is in another account', () => {
    const inv = estate().prodAccount().database('orders').stagingAccount()
      .backupPlan('daily', { selections: [selection({ resources: [ORDERS] })] }).build()
    expect(runCheck(check, inv)).toHaveLength(1)
    expect(inv.backupPlans[0].accountId).toBe(STAGING)
  })
  it('stays quiet when selected by its exact ARN', () => {
    expect(runCheck(check, withSelection({ resources: [ORDERS] }))).toEqual([])
  })
  it('stays quiet when selected by a wildcard ARN pattern', () => {
    expect(runCheck(check, withSelection({ resources: ['arn:aws:rds:*:*:db:*'] }))).toEqual([])
  })
  it('stays quiet when selected by one of its tags (ListOfTags is OR-ed)', () => {
    const listOfTags = [
      { condition: 'STRINGEQUALS', key: 'team', value: 'billing' },
      { condition: 'STRINGEQUALS', key: 'team', value: 'payments' },
    ]
    expect(runCheck(check, withSelection({ listOfTags }))).toEqual([])
  })
  it('stays quiet when every condition holds (StringLike and StringNotEquals)', () => {
    const conditions = [
      { operator: 'StringLike', key: 'aws:ResourceTag/team', value: 'pay*' },
      { operator: 'StringNotEquals', key: 'aws:ResourceTag/backup', value: 'skip' },
    ]
    expect(runCheck(check, withSelection({ resources: ['*'], conditions }))).toEqual([])
  })
  it('judges an Aurora member by its cluster: a plan selecting the cluster covers both', () => {
    const clusterArn = `arn:aws:rds:us-east-1:${PROD}:cluster:ledger`
    const inv = estate().prodAccount()
      .cluster('ledger', { memberArns: [`arn:aws:rds:us-east-1:${PROD}:db:ledger-1`] })
      .database('ledger-1', { clusterArn })
      .backupPlan('daily', { selections: [selection({ resources: [`arn:aws:rds:*:*:cluster:*`] })] })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet for a staging database in no plan', () => {
    expect(runCheck(check, estate().stagingAccount().database('orders-stg').build())).toEqual([])
  })
})
