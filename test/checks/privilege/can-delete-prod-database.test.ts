import { describe, expect, it } from 'vitest'
import check from '../../../checks/privilege/can-delete-prod-database.js'
import { runCheck } from '../../support/run-check.js'
import { allowAll, estate, sharedBlastRadius, STAGING } from '../../iam/fixtures.js'

/** Each step of an evidence path once: the same hop is not repeated per final action. */
function expectNoRepeatedStep(path: unknown): void {
  const keys = (path as Record<string, unknown>[]).map((s) => JSON.stringify([s.from, s.action, s.to, s.resource]))
  expect(keys.length).toBeGreaterThan(0)
  expect(new Set(keys).size).toBe(keys.length)
}

describe('can-delete-prod-database', () => {
  it('fires for the staging user that reaches prod by role assumption, with the chain', () => {
    const inv = sharedBlastRadius().build()
    const f = runCheck(check, inv).find((x) => x.principal?.arn === inv.arnOf('deploy'))
    expect(f).toMatchObject({ severity: 'high', resource: { arn: inv.arnOf('orders') } })
    expect(f!.evidence.path).toEqual([
      expect.objectContaining({ action: 'sts:AssumeRole', to: inv.arnOf('deployer') }),
      expect.objectContaining({ action: 'rds:DeleteDBInstance', resource: inv.arnOf('orders') }),
    ])
    expect(f!.message).toBe('deploy can delete prod database orders through role deployer (sts:AssumeRole)')
  })

  it('tells the assumed role once when it must turn deletion protection off through the same role', () => {
    const inv = sharedBlastRadius().with((i) => { i.databases.find((d) => d.name === 'orders')!.deletionProtection = true }).build()
    const f = runCheck(check, inv).find((x) => x.principal?.arn === inv.arnOf('deploy'))!
    expect(f.message).toBe('deploy can delete prod database orders (after turning its deletion protection off) through role deployer (sts:AssumeRole)')
    expectNoRepeatedStep(f.evidence.path)
    expect(f.evidence.path).toEqual([
      expect.objectContaining({ action: 'sts:AssumeRole', to: inv.arnOf('deployer') }),
      expect.objectContaining({ action: 'rds:ModifyDBInstance', resource: inv.arnOf('orders') }),
      expect.objectContaining({ action: 'rds:DeleteDBInstance', resource: inv.arnOf('orders') }),
    ])
  })

  it('counts turning deletion protection off first', () => {
    const inv = estate().prodAccount().user('ops').inline('ops', allowAll(['rds:DeleteDBInstance', 'rds:ModifyDBInstance']))
      .database('orders', { deletionProtection: true }).build()
    const [f] = runCheck(check, inv)
    expect(f.evidence.path).toEqual([expect.objectContaining({ action: 'rds:ModifyDBInstance' }), expect.objectContaining({ action: 'rds:DeleteDBInstance' })])
    expect(f.message).toBe('ops can delete prod database orders (after turning its deletion protection off) directly')
  })

  it('when an explicit Deny stops the delete, leaves only the medium SQL path of a master password reset; denying ModifyDBInstance too keeps it quiet', () => {
    const build = (deny: string[]) => estate().prodAccount().user('ops')
      .inline('ops', { Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Action: ['rds:*'], Resource: ['*'] },
        { Effect: 'Deny', Action: deny, Resource: ['*'] },
      ] })
      .database('orders', { deletionProtection: false }).build()
    expect(runCheck(check, build(['rds:Delete*']))).toEqual([expect.objectContaining({ severity: 'medium', evidence: expect.objectContaining({ way: 'reset-password' }) })])
    expect(runCheck(check, build(['rds:Delete*', 'rds:ModifyDB*']))).toEqual([])
  })

  it('stays quiet for a staging database and for a delete scoped to another database', () => {
    const inv = estate().prodAccount().stagingAccount()
      .in(STAGING).database('orders-stg', { deletionProtection: false }).user('dev').inline('dev', allowAll('rds:*'))
      .build()
    expect(runCheck(check, inv)).toEqual([])
    const scoped = estate().prodAccount().user('ops')
      .inline('ops', allowAll('rds:DeleteDBInstance', 'arn:aws:rds:us-east-1:111111111111:db:scratch-*'))
      .database('orders', { deletionProtection: false }).build()
    expect(runCheck(check, scoped)).toEqual([])
  })
})
