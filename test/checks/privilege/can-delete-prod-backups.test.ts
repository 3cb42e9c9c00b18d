import { describe, expect, it } from 'vitest'
import check from '../../../checks/privilege/can-delete-prod-backups.js'
import { runCheck } from '../../support/run-check.js'
import { allowAll, denyDelete, estate, sharedBlastRadius } from '../../iam/fixtures.js'

/** Each step of an evidence path once: the same hop is not repeated per final action. */
function expectNoRepeatedStep(path: unknown): void {
  const keys = (path as Record<string, unknown>[]).map((s) => JSON.stringify([s.from, s.action, s.to, s.resource]))
  expect(keys.length).toBeGreaterThan(0)
  expect(new Set(keys).size).toBe(keys.length)
}

describe('can-delete-prod-backups', () => {
  it('fires when a principal can delete a recovery point in an unlocked vault', () => {
    const inv = sharedBlastRadius().build()
    const f = runCheck(check, inv).find((x) => x.principal?.arn === inv.arnOf('deployer'))
    expect(f).toMatchObject({ severity: 'high', resource: { arn: inv.arnOf('orders') } })
    expect(f!.evidence.deletable).toEqual([expect.objectContaining({ arn: inv.arnOf('orders-rp-1') })])
    expect(f!.message).toBe('deployer can delete the only surviving recovery point of prod database orders (1 AWS Backup recovery point in vault prod-vault) directly')
  })

  it('draws one path for several recovery points reached through the same role, the hop once', () => {
    const inv = sharedBlastRadius().vaultRecoveryPoint('orders-rp-2', 'prod-vault', 'orders').build()
    const f = runCheck(check, inv).find((x) => x.principal?.arn === inv.arnOf('deploy'))!
    expect(f.message).toBe(
      'deploy can delete all 2 surviving recovery points of prod database orders (2 AWS Backup recovery points in vault prod-vault) ' +
        'through role deployer (sts:AssumeRole)',
    )
    expectNoRepeatedStep(f.evidence.path)
    expect(f.evidence.path).toEqual([
      expect.objectContaining({ from: inv.arnOf('deploy'), action: 'sts:AssumeRole', to: inv.arnOf('deployer') }),
      expect.objectContaining({ from: inv.arnOf('deployer'), action: 'backup:DeleteRecoveryPoint', resources: [inv.arnOf('orders-rp-1'), inv.arnOf('orders-rp-2')] }),
    ])
    expect((f.evidence.deletable as { arn: string }[]).map((d) => d.arn)).toEqual([inv.arnOf('orders-rp-1'), inv.arnOf('orders-rp-2')])
  })

  it('says how many of them when some are out of reach', () => {
    const inv = estate().prodAccount().database('orders').recoveryPoint('orders-snap', 'orders')
      .vault('v', { locked: true, lockDate: '2026-01-01T00:00:00Z' }).vaultRecoveryPoint('orders-rp', 'v', 'orders')
      .user('janitor').inline('janitor', allowAll(['rds:DeleteDBSnapshot', 'backup:DeleteRecoveryPoint'])).build()
    const [f] = runCheck(check, inv)
    expect(f.message).toBe('janitor can delete 1 of 2 surviving recovery points of prod database orders (1 manual snapshot) directly')
    expect(f.evidence.protected).toEqual([expect.objectContaining({ arn: inv.arnOf('orders-rp'), reason: expect.stringContaining('compliance mode') })])
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
