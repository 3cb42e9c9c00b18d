import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/backup-no-cross-region-copy.js'
import crossAccount from '../../../checks/backup/backup-no-cross-account-copy.js'
import { estate, PROD } from '../../support/estate.js'
import { runCheck } from '../../support/run-check.js'

const BACKUP = '333333333333'

describe('backup-no-cross-region-copy', () => {
  it('fires, medium, when the only copy is in another account of the same region (which satisfies only the account check)', () => {
    const inv = estate().prodAccount().database('orders')
      .account(BACKUP, 'acme-backup').vault('central').vaultRecoveryPoint('orders-copy', 'central', 'orders')
      .build()
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'medium', resource: { arn: inv.arnOf('orders') }, evidence: { databaseRegion: 'us-east-1' } })
    expect(runCheck(crossAccount, inv)).toEqual([])
  })
  it('stays quiet with a copy in another region of the same account (which satisfies only the region check)', () => {
    const inv = estate().prodAccount().database('orders').in(PROD, 'eu-west-1').recoveryPoint('orders-dr', 'orders').build()
    expect(runCheck(check, inv)).toEqual([])
    expect(runCheck(crossAccount, inv)).toHaveLength(1)
  })
  it('fires when the copy in another region does not survive deleting the database', () => {
    const inv = estate().prodAccount().database('orders')
      .in(PROD, 'eu-west-1').recoveryPoint('orders-replica', 'orders', { kind: 'rds-automated', survivesDbDeletion: false })
      .build()
    expect(runCheck(check, inv)).toHaveLength(1)
  })
})
