import { describe, expect, it } from 'vitest'
import check from '../../../checks/isolation/shared-db-secret.js'
import { estate, PROD, STAGING } from '../../support/estate.js'
import { runCheck } from '../../support/run-check.js'

const CMK = `arn:aws:kms:us-east-1:${PROD}:key/1111aaaa-0000-0000-0000-000000000001`
const AWS_RDS_KEY = `arn:aws:kms:us-east-1:${PROD}:key/2222bbbb-0000-0000-0000-000000000002`
const SECRET = `arn:aws:secretsmanager:us-east-1:${PROD}:secret:rds!db-orders-AbCdEf`

describe('shared-db-secret', () => {
  it('fires, medium, when a staging database in another account uses the prod customer-managed key', () => {
    const inv = estate().prodAccount().database('orders', { kmsKeyArn: CMK })
      .stagingAccount().database('orders-stg', { kmsKeyArn: CMK })
      .build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      severity: 'medium',
      resource: { arn: inv.arnOf('orders') },
      evidence: { shared: [{ what: 'kms-key', arn: CMK, nonProdDatabase: inv.arnOf('orders-stg') }] },
    })
  })
  it('fires when the prod storage key encrypts the staging master secret', () => {
    const inv = estate().prodAccount().database('orders', { kmsKeyArn: CMK })
      .stagingAccount().database('orders-stg', { masterSecretKmsKeyArn: CMK })
      .build()
    expect(runCheck(check, inv)).toHaveLength(1)
  })
  it('fires when both databases use the same master secret', () => {
    const inv = estate().prodAccount().database('orders', { masterSecretArn: SECRET })
      .database('orders-staging', { masterSecretArn: SECRET, tags: { Environment: 'staging' } })
      .build()
    const [finding] = runCheck(check, inv)
    expect(finding.evidence).toMatchObject({ shared: [{ what: 'master-secret', arn: SECRET }] })
  })
  it('stays quiet when the shared key is the AWS-managed alias/aws/rds key of the account', () => {
    const inv = estate().prodAccount().database('orders', { kmsKeyArn: AWS_RDS_KEY })
      .database('orders-staging', { kmsKeyArn: AWS_RDS_KEY, tags: { Environment: 'staging' } })
      .kmsAlias({ aliasName: 'alias/aws/rds', targetKeyId: '2222bbbb-0000-0000-0000-000000000002', accountId: PROD, region: 'us-east-1' })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet when prod and staging use different keys', () => {
    const inv = estate().prodAccount().database('orders', { kmsKeyArn: CMK })
      .stagingAccount().database('orders-stg', { kmsKeyArn: `arn:aws:kms:us-east-1:${STAGING}:key/3333cccc-0000-0000-0000-000000000003` })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet when two prod databases share a key', () => {
    const inv = estate().prodAccount().database('orders', { kmsKeyArn: CMK }).database('invoices', { kmsKeyArn: CMK }).build()
    expect(runCheck(check, inv)).toEqual([])
  })
})
