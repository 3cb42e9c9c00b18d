import { describe, expect, it } from 'vitest'
import check from '../../../checks/isolation/cross-env-role-trust.js'
import { allowAll, estate, PROD, STAGING, trustAccount } from '../../support/estate.js'
import type { PolicyDocument, PolicyStatement } from '../../../src/inventory/types.js'
import { runCheck } from '../../support/run-check.js'

const OTHER = '333333333333'
const trust = (s: Partial<PolicyStatement>): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: ['sts:AssumeRole'], ...s } as PolicyStatement],
})
/** prod + staging accounts, a staging role, and a prod role `deploy-prod` with the given trust */
const withTrust = (doc: PolicyDocument, over = {}) =>
  estate().stagingAccount().role('ci-staging', trustAccount(STAGING))
    .prodAccount().role('deploy-prod', doc, over).inline('deploy-prod', allowAll('rds:*'))
    .build()

describe('cross-env-role-trust', () => {
  it('fires, high, on a prod role that trusts the staging account root, even with an ExternalId', () => {
    const doc = trust({ Principal: { AWS: [`arn:aws:iam::${STAGING}:root`] }, Condition: { StringEquals: { 'sts:ExternalId': ['s3cr3t'] } } })
    const inv = withTrust(doc)
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'high', resource: { arn: inv.arnOf('deploy-prod') } })
    expect(finding.message).toContain(STAGING)
  })
  it('fires when the trust names a staging role by ARN', () => {
    const inv = withTrust(trust({ Principal: { AWS: [`arn:aws:iam::${STAGING}:role/ci-staging`] } }))
    expect(runCheck(check, inv)).toHaveLength(1)
  })
  it('fires on a "*" principal limited to the organization, which includes staging', () => {
    const inv = withTrust(trust({ Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-abc123'] } } }))
    const [finding] = runCheck(check, inv)
    expect(finding.evidence.admitted).toEqual(expect.arrayContaining([expect.objectContaining({ accountId: STAGING })]))
  })
  it('fires when aws:PrincipalArn admits a staging role pattern', () => {
    const doc = trust({ Principal: { AWS: [`arn:aws:iam::${STAGING}:root`] }, Condition: { ArnLike: { 'aws:PrincipalArn': [`arn:aws:iam::${STAGING}:role/ci-*`] } } })
    expect(runCheck(check, withTrust(doc))).toHaveLength(1)
  })
  it('stays quiet when aws:PrincipalAccount restricts a "*" trust to the prod account', () => {
    const inv = withTrust(trust({ Condition: { StringEquals: { 'aws:PrincipalAccount': [PROD] } } }))
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet when aws:PrincipalArn admits only prod principals', () => {
    const doc = trust({ Principal: { AWS: [`arn:aws:iam::${STAGING}:root`] }, Condition: { ArnEquals: { 'aws:PrincipalArn': [`arn:aws:iam::${PROD}:role/deployer`] } } })
    expect(runCheck(check, withTrust(doc))).toEqual([])
  })
  it('stays quiet when aws:PrincipalArn admits only a prod-tagged role that lives in the staging account', () => {
    const inv = estate().stagingAccount().role('release', trustAccount(STAGING), { tags: { Environment: 'prod' } })
      .prodAccount().role('deploy-prod', trust({ Principal: { AWS: [STAGING] }, Condition: { ArnEquals: { 'aws:PrincipalArn': [`arn:aws:iam::${STAGING}:role/release`] } } }))
      .inline('deploy-prod', allowAll('rds:*'))
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet when a Deny with a decidable condition removes the staging account', () => {
    const doc: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: [STAGING, PROD] }, Action: ['sts:AssumeRole'] },
        { Effect: 'Deny', Principal: '*', Action: ['sts:*'], Condition: { StringNotEquals: { 'aws:PrincipalAccount': [PROD] } } },
      ],
    }
    expect(runCheck(check, withTrust(doc))).toEqual([])
  })
  it('stays quiet for an organization condition when the org account list leaves staging out', () => {
    const inv = estate().stagingAccount().prodAccount()
      .role('deploy-prod', trust({ Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-abc123'] } } }))
      .inline('deploy-prod', allowAll('rds:*'))
      .with((i) => { i.organizationAccountIds = [PROD, OTHER] })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet for a trust of the prod account and of an external account', () => {
    const inv = withTrust(trust({ Principal: { AWS: [PROD, `arn:aws:iam::${OTHER}:root`] } }))
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet when the role grants nothing', () => {
    const inv = estate().stagingAccount().prodAccount().role('deploy-prod', trustAccount(STAGING)).build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet for a service-linked role and for a staging role trusting staging', () => {
    const inv = estate().stagingAccount().role('ci-staging', trustAccount(STAGING)).inline('ci-staging', allowAll('s3:*'))
      .prodAccount().role('AWSServiceRoleForRDS-prod', trustAccount(STAGING), { serviceLinked: true, path: '/aws-service-role/', managedPolicyArns: ['arn:aws:iam::aws:policy/aws-service-role/AmazonRDSServiceRolePolicy'] })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet for a trust that only allows a service to assume the role', () => {
    const inv = withTrust(trust({ Principal: { Service: ['lambda.amazonaws.com'] } }))
    expect(runCheck(check, inv)).toEqual([])
  })
})

describe('cross-env-role-trust: a claim about a caller holds for that caller', () => {
  /** one prod account holding a prod role that trusts the account's own root, and a staging-tagged user */
  const ownAccount = (userPolicy?: PolicyDocument) => {
    const b = estate().prodAccount()
      .role('deploy-prod', trustAccount(PROD)).inline('deploy-prod', allowAll('rds:*'))
      .user('ci-staging', { tags: { Environment: 'staging' } })
    return (userPolicy ? b.inline('ci-staging', userPolicy) : b).build()
  }

  it('stays quiet when a trust of the role\'s own account meets non-prod principals without sts:AssumeRole', () => {
    expect(runCheck(check, ownAccount())).toEqual([])
    expect(runCheck(check, ownAccount(allowAll('s3:GetObject')))).toEqual([])
  })

  it('fires, naming the non-prod principal, when it holds sts:AssumeRole on the role', () => {
    const inv = ownAccount(allowAll('sts:AssumeRole', `arn:aws:iam::${PROD}:role/deploy-*`))
    const [f, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(f.message).toBe(`prod role deploy-prod can be assumed by ${inv.arnOf('ci-staging')} (ci-staging is staging (tag Environment=staging)) (allowed: prod principals only)`)
    expect(f.evidence).toMatchObject({ admittedCount: 1, admitted: [{ arn: inv.arnOf('ci-staging'), verdict: 'allowed' }] })
  })

  it('stays quiet when its sts:AssumeRole names other roles only', () => {
    expect(runCheck(check, ownAccount(allowAll('sts:AssumeRole', `arn:aws:iam::${PROD}:role/ops-*`)))).toEqual([])
  })

  it('stays quiet for a prod role quarantined by an attached Deny of everything', () => {
    const inv = estate().stagingAccount().prodAccount()
      .managedPolicy('quarantine', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'] }] })
      .role('deploy-prod', trustAccount(STAGING), { managedPolicyArns: [`arn:aws:iam::${PROD}:policy/quarantine`] })
      .inline('deploy-prod', allowAll('rds:*'))
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })

  it('still fires when the Deny leaves some of the role\'s permissions standing', () => {
    const inv = estate().stagingAccount().prodAccount()
      .managedPolicy('no-deletes', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['rds:Delete*'], Resource: ['*'] }] })
      .role('deploy-prod', trustAccount(STAGING), { managedPolicyArns: [`arn:aws:iam::${PROD}:policy/no-deletes`] })
      .inline('deploy-prod', allowAll('rds:*'))
      .build()
    expect(runCheck(check, inv)).toHaveLength(1)
  })

  it('reads ArnEquals with a wildcard as the IAM engine does (as ArnLike, like AWS)', () => {
    const doc = trust({ Principal: { AWS: [`arn:aws:iam::${STAGING}:root`] }, Condition: { ArnEquals: { 'aws:PrincipalArn': [`arn:aws:iam::${STAGING}:role/ci-*`] } } })
    const [f] = runCheck(check, withTrust(doc))
    expect(f.evidence.admitted).toEqual([expect.objectContaining({ arn: `arn:aws:iam::${STAGING}:role/ci-*`, accountId: STAGING })])
  })
})
