import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/backup-vault-unlocked.js'
import { daysAgo, estate, NOW } from '../../support/estate.js'
import type { Vault } from '../../../src/inventory/types.js'
import { runCheck } from '../../support/run-check.js'

const withProdPoint = (vault: Partial<Vault>) =>
  estate().prodAccount().database('orders').vault('prod-vault', vault).vaultRecoveryPoint('orders-rp', 'prod-vault', 'orders').build()

describe('backup-vault-unlocked', () => {
  it('fires, high, on an unlocked vault holding a prod recovery point', () => {
    const inv = withProdPoint({ locked: false })
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'high', resource: { arn: inv.arnOf('prod-vault') }, evidence: { lockState: 'none' } })
  })
  it('reports governance mode as medium and says it can be removed', () => {
    const [finding] = runCheck(check, withProdPoint({ locked: true }))
    expect(finding).toMatchObject({ severity: 'medium', evidence: { lockState: 'governance' } })
    expect(finding.message).toContain('governance mode')
  })
  it('reports a compliance lock still in its grace period as medium, differently from governance mode', () => {
    const future = new Date(Date.parse(NOW) + 2 * 86_400_000).toISOString()
    const [finding] = runCheck(check, withProdPoint({ locked: true, lockDate: future }))
    expect(finding).toMatchObject({ severity: 'medium', evidence: { lockState: 'compliance-grace', lockDate: future } })
    expect(finding.message).toContain('grace period')
    expect(finding.message).not.toContain('governance')
  })
  it('stays quiet for compliance mode past its LockDate', () => {
    expect(runCheck(check, withProdPoint({ locked: true, lockDate: daysAgo(10) }))).toEqual([])
  })
  it('stays quiet for an unlocked vault that holds only staging recovery points', () => {
    const inv = estate().stagingAccount().database('orders-stg').vault('stg-vault')
      .vaultRecoveryPoint('orders-stg-rp', 'stg-vault', 'orders-stg').build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('fires for a recovery point classified prod whose source database is gone', () => {
    const inv = estate().prodAccount().database('orders').vault('central')
      .vaultRecoveryPoint('orders-rp', 'central', 'orders', { sourceDbArn: 'arn:aws:rds:us-east-1:111111111111:db:deleted-prod' })
      .build()
    expect(runCheck(check, inv)).toHaveLength(1)
  })
})
