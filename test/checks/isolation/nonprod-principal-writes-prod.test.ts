import { describe, expect, it } from 'vitest'
import check from '../../../checks/isolation/nonprod-principal-writes-prod.js'
import { runCheck } from '../../support/run-check.js'
import { allowAll, estate, PROD, sharedBlastRadius, STAGING, trustAccount } from '../../iam/fixtures.js'

describe('nonprod-principal-writes-prod', () => {
  it('fires, critical, for a staging user that can delete prod through a prod role', () => {
    const inv = sharedBlastRadius().build()
    const findings = runCheck(check, inv)
    expect(findings).toEqual([expect.objectContaining({
      severity: 'critical', principal: { arn: inv.arnOf('deploy') }, resource: expect.objectContaining({ arn: inv.arnOf('orders') }),
    })])
    expect(findings[0].evidence.path).toEqual([expect.objectContaining({ action: 'sts:AssumeRole' }), expect.objectContaining({ action: 'rds:DeleteDBInstance' })])
  })

  it('fires, high, when it can only modify', () => {
    const inv = estate().prodAccount().stagingAccount()
      .in(STAGING).user('deploy').inline('deploy', allowAll('sts:AssumeRole'))
      .in(PROD).role('tuner', trustAccount(STAGING)).inline('tuner', allowAll('rds:ModifyDBInstance'))
      .database('orders').build()
    expect(runCheck(check, inv)).toEqual([expect.objectContaining({ severity: 'high' })])
  })

  it('stays quiet when the prod role trusts only prod', () => {
    const inv = estate().prodAccount().stagingAccount()
      .in(STAGING).user('deploy').inline('deploy', allowAll('sts:AssumeRole'))
      .in(PROD).role('deployer', trustAccount(PROD)).inline('deployer', allowAll('rds:*'))
      .database('orders').build()
    expect(runCheck(check, inv)).toEqual([])
  })

  it('stays quiet when the staging user lacks sts:AssumeRole', () => {
    const inv = sharedBlastRadius().with((i) => { i.principals.find((p) => p.name === 'deploy')!.inlinePolicies.length = 0 }).build()
    expect(runCheck(check, inv)).toEqual([])
  })
})
