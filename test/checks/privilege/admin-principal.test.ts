import { describe, expect, it } from 'vitest'
import check from '../../../checks/privilege/admin-principal.js'
import { runCheck, runCheckFull } from '../../support/run-check.js'
import { allowAll, estate, PROD, STAGING } from '../../iam/fixtures.js'

describe('admin-principal', () => {
  it('fires, high, for a prod role with AdministratorAccess known by its ARN', () => {
    const inv = estate().prodAccount().user('ops', { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }).build()
    expect(runCheck(check, inv)).toEqual([expect.objectContaining({ severity: 'high', resource: expect.objectContaining({ arn: inv.arnOf('ops') }) })])
  })

  it('fires, low, for a staging admin', () => {
    const inv = estate().stagingAccount().in(STAGING).user('dev').inline('dev', allowAll('*')).build()
    expect(runCheck(check, inv)).toEqual([expect.objectContaining({ severity: 'low' })])
  })

  it('stays quiet when a boundary or an SCP takes *:* back', () => {
    const bounded = estate().prodAccount().managedPolicy('s3-only', allowAll('s3:*'))
      .user('ops', { permissionsBoundaryArn: `arn:aws:iam::${PROD}:policy/s3-only` }).inline('ops', allowAll('*')).build()
    expect(runCheck(check, bounded)).toEqual([])
    const scp = estate().prodAccount().user('ops').inline('ops', allowAll('*')).scpChain({
      accountId: PROD, complete: true,
      levels: [{ targetId: PROD, policies: [{ id: 'p', arn: 'p', name: 'deny-iam', source: 'x', document: { Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Action: ['*'], Resource: ['*'] }, { Effect: 'Deny', Action: ['iam:*'], Resource: ['*'] }] } }] }],
    }).build()
    expect(runCheck(check, scp)).toEqual([])
  })

  it('stays quiet for broad but not total access, and skips break-glass', () => {
    const inv = estate().prodAccount().user('ro').inline('ro', allowAll(['s3:*', 'rds:*']))
      .user('bg', { breakGlass: true }).inline('bg', allowAll('*')).build()
    const r = runCheckFull(check, inv)
    expect(r.findings).toEqual([])
    expect(r.skipped).toHaveLength(1)
  })
})
