import { describe, expect, it } from 'vitest'
import check from '../../../checks/privilege/root-access-key.js'
import { daysAgo, estate, PROD } from '../../support/estate.js'
import { runCheck } from '../../support/run-check.js'

describe('root-access-key', () => {
  it('fires, critical, when the root user has an active access key', () => {
    const inv = estate().prodAccount()
      .root({ credentials: { passwordEnabled: true, accessKeys: [{ id: 'AKIAEXAMPLEROOT00001', active: true, createdAt: daysAgo(400) }] } })
      .build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      severity: 'critical',
      resource: { arn: `arn:aws:iam::${PROD}:root` },
      principal: { arn: `arn:aws:iam::${PROD}:root` },
      evidence: { activeAccessKeys: [{ id: 'AKIA…0001' }] },
    })
  })
  it('stays quiet when the root key exists but is inactive', () => {
    const inv = estate().prodAccount()
      .root({ credentials: { passwordEnabled: true, accessKeys: [{ id: 'AKIAEXAMPLEROOT00001', active: false, createdAt: daysAgo(400) }] } })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('stays quiet for an IAM user with an active key', () => {
    const inv = estate().prodAccount()
      .root({ credentials: { passwordEnabled: true, accessKeys: [] } })
      .user('ci', { credentials: { passwordEnabled: false, accessKeys: [{ id: 'AKIAEXAMPLEUSER00001', active: true }] } })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
})
