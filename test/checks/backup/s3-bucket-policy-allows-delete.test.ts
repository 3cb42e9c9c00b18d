import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/s3-bucket-policy-allows-delete.js'
import { estate, PROD } from '../../support/estate.js'
import type { PolicyDocument, PolicyStatement } from '../../../src/inventory/types.js'
import { runCheck } from '../../support/run-check.js'

const BUCKET = 'arn:aws:s3:::invoices-prod'
const BREAK_GLASS = `arn:aws:iam::${PROD}:role/break-glass`
const deny = (s: Partial<PolicyStatement> = {}): PolicyStatement =>
  ({ Effect: 'Deny', Principal: '*', Action: ['s3:DeleteObjectVersion', 's3:PutLifecycleConfiguration'], Resource: [BUCKET, `${BUCKET}/*`], ...s }) as PolicyStatement
const policy = (...statements: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements })
const withPolicy = (doc: PolicyDocument | null | undefined, tags = {}) =>
  estate().prodAccount()
    .role('break-glass', { Statement: [] }, { breakGlass: true })
    .role('deployer', { Statement: [] })
    .bucket('invoices-prod', { policy: doc, tags })
    .build()

describe('s3-bucket-policy-allows-delete', () => {
  it('fires, medium, on a prod bucket with no bucket policy, located at its policy file', () => {
    const [finding, ...rest] = runCheck(check, withPolicy(null))
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      severity: 'medium', resource: { arn: BUCKET, type: 'AWS::S3::Bucket' }, location: { file: `${PROD}/global/s3api-get-bucket-policy--invoices-prod.json` },
      evidence: { policy: null, undeniedActions: ['s3:DeleteObjectVersion', 's3:PutLifecycleConfiguration'] },
    })
  })
  it('fires when the deny covers version deletion but not lifecycle changes (an expiration rule still empties the bucket)', () => {
    const [finding] = runCheck(check, withPolicy(policy(deny({ Action: ['s3:DeleteObjectVersion'] }))))
    expect(finding.evidence).toMatchObject({ undeniedActions: ['s3:PutLifecycleConfiguration'], statements: [{ reason: 'does not cover s3:PutLifecycleConfiguration' }] })
  })
  it('fires when the deny protects only one prefix of the objects', () => {
    const [finding] = runCheck(check, withPolicy(policy(deny({ Resource: [BUCKET, `${BUCKET}/invoices/*`] }))))
    expect(finding.evidence).toMatchObject({ undeniedActions: ['s3:DeleteObjectVersion'], statements: [{ reason: `Resource does not cover every object of invoices-prod (${BUCKET}/*)` }] })
  })
  it('fires when NotResource leaves some objects out of the deny', () => {
    expect(runCheck(check, withPolicy(policy(deny({ Resource: undefined, NotResource: [`${BUCKET}/tmp/*`] }))))).toHaveLength(1)
  })
  it('fires when the exemption also exempts a principal that is not break-glass', () => {
    const doc = policy(deny({ Condition: { ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS, `arn:aws:iam::${PROD}:role/deployer`] } } }))
    const [finding] = runCheck(check, withPolicy(doc))
    expect(finding.evidence).toMatchObject({ statements: [{ reason: 'condition ArnNotLike aws:PrincipalArn exempts principals that are not break-glass' }] })
  })
  it('fires when the deny names one principal, or depends on MFA', () => {
    expect(runCheck(check, withPolicy(policy(deny({ Principal: { AWS: [`arn:aws:iam::${PROD}:role/deployer`] } }))))).toHaveLength(1)
    expect(runCheck(check, withPolicy(policy(deny({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': ['false'] } } }))))).toHaveLength(1)
  })
  it('stays quiet on a Deny of both to "*" with a break-glass exemption', () => {
    const doc = policy(deny({ Condition: { ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS] } } }))
    expect(runCheck(check, withPolicy(doc))).toEqual([])
  })
  it.each([
    ['s3:* on the bucket and its objects', deny({ Action: ['s3:*'] })],
    ['two statements, one per action', policy(deny({ Action: ['s3:DeleteObjectVersion'], Resource: [`${BUCKET}/*`] }), deny({ Action: ['s3:PutLifecycleConfiguration'], Resource: [BUCKET] })).Statement],
    ['wildcards that take in both', deny({ Action: ['s3:Delete*', 's3:PutLifecycle*'], Resource: ['arn:aws:s3:::invoices-*'] })],
    ['a NotAction that does not exempt them', deny({ Action: undefined, NotAction: ['s3:GetObject'], Resource: ['*'] })],
    ['lower-case action names', deny({ Action: ['S3:deleteobjectversion', 's3:putlifecycleconfiguration'] })],
  ])('stays quiet on %s', (_what, statements) => {
    expect(runCheck(check, withPolicy(policy(...[statements].flat())))).toEqual([])
  })
  it('reports whether the policy also denies its own rewrite', () => {
    const [open] = runCheck(check, withPolicy(policy(deny({ Action: ['s3:DeleteObjectVersion', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'] }))))
    expect(open.evidence).toMatchObject({ undeniedActions: ['s3:PutLifecycleConfiguration'], policyDeniesItsOwnChange: true })
    const [unprotected] = runCheck(check, withPolicy(policy(deny({ Action: ['s3:DeleteObjectVersion'] }))))
    expect(unprotected.evidence).toMatchObject({ policyDeniesItsOwnChange: false })
  })
  it('stays quiet for a staging bucket and when the policy was not collected', () => {
    expect(runCheck(check, withPolicy(null, { Environment: 'staging' }))).toEqual([])
    expect(runCheck(check, withPolicy(undefined))).toEqual([])
  })
})
