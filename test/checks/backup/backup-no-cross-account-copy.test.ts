import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/backup-no-cross-account-copy.js'
import { estate, PROD } from '../../support/estate.js'
import { runCheck } from '../../support/run-check.js'

const BACKUP = '333333333333'

describe('backup-no-cross-account-copy', () => {
  it('fires when every surviving recovery point is in the database account, even in another region', () => {
    const inv = estate().prodAccount().database('orders')
      .recoveryPoint('orders-snap', 'orders')
      .in(PROD, 'eu-west-1').recoveryPoint('orders-dr', 'orders')
      .build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'high', resource: { arn: inv.arnOf('orders') } })
    expect(finding.message).toContain(PROD)
  })
  it('stays quiet with a copy in another account, even in the same region', () => {
    const inv = estate().prodAccount().database('orders')
      .account(BACKUP, 'acme-backup').vault('central').vaultRecoveryPoint('orders-copy', 'central', 'orders')
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })
  it('still fires when the copy in another account has failed', () => {
    const inv = estate().prodAccount().database('orders')
      .account(BACKUP, 'acme-backup').vault('central').vaultRecoveryPoint('orders-copy', 'central', 'orders', { status: 'EXPIRED' })
      .build()
    expect(runCheck(check, inv)).toHaveLength(1)
  })
  it('stays quiet for a dev database', () => {
    const inv = estate().account('444444444444', 'acme-dev', 'dev').database('orders-dev').build()
    expect(runCheck(check, inv)).toEqual([])
  })
})
