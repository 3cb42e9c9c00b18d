import { describe, expect, it } from 'vitest'
import check from '../../../checks/privilege/destructive-wildcard-resource.js'
import { runCheck } from '../../support/run-check.js'
import { allowAll, estate } from '../../iam/fixtures.js'

describe('destructive-wildcard-resource', () => {
  it('fires for s3:Delete* on Resource "*"', () => {
    const inv = estate().prodAccount().user('cache').inline('cache', allowAll('s3:Delete*')).build()
    const [f] = runCheck(check, inv)
    expect(f).toMatchObject({ severity: 'medium', evidence: { actions: ['s3:DeleteBucket', 's3:DeleteObject', 's3:DeleteObjectVersion'] } })
  })

  it('fires for NotAction that leaves destructive actions in', () => {
    const inv = estate().prodAccount().user('poweruser')
      .inline('poweruser', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: ['*'] }] }).build()
    expect(runCheck(check, inv)[0].evidence.actions).toContain('rds:DeleteDBInstance')
  })

  it('stays quiet for scoped resources, read-only wildcards, and a Deny that takes deletes back', () => {
    const inv = estate().prodAccount()
      .user('a').inline('a', allowAll('s3:DeleteObject', 'arn:aws:s3:::build-cache/*'))
      .user('b').inline('b', allowAll(['s3:Get*', 'rds:Describe*']))
      .user('c').inline('c', { Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Action: ['dynamodb:*'], Resource: ['*'] }, { Effect: 'Deny', Action: ['dynamodb:Delete*', 'dynamodb:UpdateContinuousBackups'], Resource: ['*'] }] })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
})
