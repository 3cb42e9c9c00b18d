import { describe, expect, it } from 'vitest'
import check from '../../../checks/isolation/nonprod-principal-writes-prod.js'
import { runCheck } from '../../support/run-check.js'
import { allowAll, estate, PROD, sharedBlastRadius, STAGING, trustAccount } from '../../iam/fixtures.js'

/** Each step of an evidence path once: the same hop is not repeated per final action. */
function expectNoRepeatedStep(path: unknown): void {
  const keys = (path as Record<string, unknown>[]).map((s) => JSON.stringify([s.from, s.action, s.to, s.resource]))
  expect(keys.length).toBeGreaterThan(0)
  expect(new Set(keys).size).toBe(keys.length)
}

describe('nonprod-principal-writes-prod', () => {
  it('fires, critical, for a staging user that can delete prod through a prod role', () => {
    const inv = sharedBlastRadius().build()
    const findings = runCheck(check, inv)
    expect(findings).toEqual([expect.objectContaining({
      severity: 'critical', principal: { arn: inv.arnOf('deploy') }, resource: expect.objectContaining({ arn: inv.arnOf('orders') }),
    })])
    expect(findings[0].evidence.path).toEqual([expect.objectContaining({ action: 'sts:AssumeRole' }), expect.objectContaining({ action: 'rds:DeleteDBInstance' })])
    expect(findings[0].message).toBe('staging principal deploy can delete prod database orders through role deployer (sts:AssumeRole); critical because a non-prod credential can destroy prod data')
  })

  it('tells the role once when turning deletion protection off goes through it too', () => {
    const inv = sharedBlastRadius().with((i) => { i.databases.find((d) => d.name === 'orders')!.deletionProtection = true }).build()
    const [f] = runCheck(check, inv)
    expect(f.message).toBe(
      'staging principal deploy can delete prod database orders (after turning its deletion protection off) through role deployer ' +
        '(sts:AssumeRole); critical because a non-prod credential can destroy prod data',
    )
    expectNoRepeatedStep(f.evidence.path)
    expect(f.evidence.path).toHaveLength(3)
  })

  it('fires, high, when it can only modify (a new master password destroys the data over SQL, spec §7: not critical, the login needs the network)', () => {
    const inv = estate().prodAccount().stagingAccount()
      .in(STAGING).user('deploy').inline('deploy', allowAll('sts:AssumeRole'))
      .in(PROD).role('tuner', trustAccount(STAGING)).inline('tuner', allowAll('rds:ModifyDBInstance'))
      .database('orders').build()
    const findings = runCheck(check, inv)
    expect(findings).toEqual([expect.objectContaining({ severity: 'high' })])
    expect(findings[0].message).toBe(
      'staging principal deploy can destroy the data of prod database orders over SQL as its master user, after resetting its ' +
        'master password through role tuner (sts:AssumeRole); high, not critical, because logging in needs the database reachable ' +
        'over the network, which the snapshot does not show',
    )
    expect(findings[0].evidence.path).toEqual([expect.objectContaining({ action: 'sts:AssumeRole' }), expect.objectContaining({ action: 'rds:ModifyDBInstance' })])
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
