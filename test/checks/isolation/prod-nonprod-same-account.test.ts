import { describe, expect, it } from 'vitest'
import check from '../../../checks/isolation/prod-nonprod-same-account.js'
import { estate, PROD } from '../../support/estate.js'
import { runCheck } from '../../support/run-check.js'

describe('prod-nonprod-same-account', () => {
  it('fires, medium, on the account root when a staging-tagged database sits in the prod account', () => {
    const inv = estate().prodAccount().database('orders').database('orders-copy', { tags: { Environment: 'staging' } }).build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      severity: 'medium',
      accountId: PROD,
      region: 'global',
      environment: 'prod',
      resource: { arn: `arn:aws:iam::${PROD}:root` },
      evidence: { prodStores: [{ arn: inv.arnOf('orders') }], nonProdStores: [{ arn: inv.arnOf('orders-copy'), environment: 'staging' }] },
    })
    expect(finding.message).toMatch(/holds 1 prod and 1 non-prod data stores, e.g. database orders and database orders-copy \(staging\)/)
  })
  it('fires on a staging bucket in the prod account, beside a prod table (data stores of any kind)', () => {
    const inv = estate().prodAccount().table('sessions-prod').bucket('assets', { tags: { Environment: 'staging' } }).build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      resource: { arn: `arn:aws:iam::${PROD}:root` },
      evidence: { prodStores: [{ arn: inv.arnOf('sessions-prod'), type: 'AWS::DynamoDB::Table' }], nonProdStores: [{ arn: 'arn:aws:s3:::assets', type: 'AWS::S3::Bucket', environment: 'staging' }] },
    })
  })
  it('stays quiet on prod buckets and tables beside a prod database', () => {
    const inv = estate().prodAccount().database('orders').bucket('invoices').table('sessions').build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet when prod and staging databases live in separate accounts', () => {
    const inv = estate().prodAccount().database('orders').stagingAccount().database('orders-stg').build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet when the other database is of unknown environment, not non-prod', () => {
    const inv = estate().account('333333333333', 'acme-shared').database('orders-prod').database('reporting').build()
    expect(runCheck(check, inv)).toEqual([])
  })
})
