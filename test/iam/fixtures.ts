// Estates shared by the IAM check tests: the incident's shape, one fact changed per test.
import type { PolicyDocument } from '../../src/inventory/types.js'
import { allowAll, estate, PROD, STAGING, trustAccount, daysAgo } from '../support/estate.js'

export const BACKUP_ACCOUNT = '333333333333'

export const denyDelete = (principal: PolicyDocument['Statement'][number]['Principal'] = '*'): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: principal, Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'], Resource: ['*'] }],
})

/**
 * The incident: a staging deploy user whose key can assume a prod role that trusts the staging
 * account and holds rds:* and backup:*; the prod DB has automated backups and one AWS Backup
 * recovery point in an unlocked vault of the same account.
 */
export function sharedBlastRadius() {
  return estate().prodAccount().stagingAccount()
    .in(STAGING).user('deploy').inline('deploy', allowAll('sts:AssumeRole'))
    .in(PROD)
    .role('deployer', trustAccount(STAGING)).inline('deployer', allowAll(['rds:*', 'backup:*']))
    .database('orders', { deletionProtection: false })
    .recoveryPoint('orders-auto', 'orders', { kind: 'rds-automated', survivesDbDeletion: false })
    .vault('prod-vault')
    .vaultRecoveryPoint('orders-rp-1', 'prod-vault', 'orders')
}

export { allowAll, estate, PROD, STAGING, trustAccount, daysAgo }
