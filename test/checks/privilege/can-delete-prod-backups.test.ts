import { describe, expect, it } from 'vitest'
import check from '../../../checks/privilege/can-delete-prod-backups.js'
import { runCheck } from '../../support/run-check.js'
import { allowAll, denyDelete, estate, sharedBlastRadius } from '../../iam/fixtures.js'

describe('can-delete-prod-backups', () => {
  it('fires when a principal can delete a recovery point in an unlocked vault', () => {
    const inv = sharedBlastRadius().build()
    const f = runCheck(check, inv).find((x) => x.principal?.arn === inv.arnOf('deployer'))
    expect(f).toMatchObject({ severity: 'high', resource: { arn: inv.arnOf('orders') } })
    expect(f!.evidence.deletable).toEqual([expect.objectContaining({ arn: inv.arnOf('orders-rp-1') })])
  })

  it('fires for a manual snapshot deletable with rds:DeleteDBSnapshot, even when the DB itself is safe', () => {
    const inv = estate().prodAccount().database('orders').recoveryPoint('orders-snap', 'orders')
      .user('janitor').inline('janitor', allowAll('rds:DeleteDBSnapshot')).build()
    expect(runCheck(check, inv)).toHaveLength(1)
  })

  it('stays quiet when the vault policy denies deletion to everyone', () => {
    const inv = sharedBlastRadius().with((i) => { i.vaults[0].accessPolicy = denyDelete() }).build()
    expect(runCheck(check, inv)).toEqual([])
  })

  it('stays quiet when the vault is locked in compliance mode past its LockDate', () => {
    const inv = sharedBlastRadius().with((i) => { i.vaults[0].locked = true; i.vaults[0].lockDate = '2026-01-01T00:00:00Z' }).build()
    expect(runCheck(check, inv)).toEqual([])
  })
})
