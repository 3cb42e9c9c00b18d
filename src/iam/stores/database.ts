// How an RDS database (instance or Aurora cluster) and its recovery points are destroyed (spec §7).
// Each entry gives its AWS reference.
import type { Database, Inventory, RecoveryPoint, Vault } from '../../inventory/types.js'
import { vaultLockState } from '../../inventory/recovery.js'
import type { Need, PointWays, Way } from './model.js'

const LOGIN = 'logging in needs the database reachable over the network, which the snapshot does not show'

/** The ways to destroy a database's data. */
export function databaseWays(db: Database, inventory: Inventory): Way[] {
  const cluster = db.kind === 'cluster'
  // DeleteDBInstance/DeleteDBCluster delete the automated backups too unless the caller keeps
  // them, and may skip the final snapshot (RDS User Guide, "Deleting a DB instance")
  const del: Need = { actions: [cluster ? 'rds:DeleteDBCluster' : 'rds:DeleteDBInstance'], resource: db.arn }
  // ModifyDBInstance/ModifyDBCluster turn DeletionProtection off (RDS User Guide, "Deletion protection")
  const modify: Need = { actions: [cluster ? 'rds:ModifyDBCluster' : 'rds:ModifyDBInstance'], resource: db.arn }
  const ways: Way[] = [{ how: 'delete', needs: db.deletionProtection ? [modify, del] : [del], protectionOff: db.deletionProtection }]
  // data-plane (spec §7): whoever logs in as the master user can drop the data, whatever IAM says
  // about deleting the instance; the snapshots and recovery points are left
  if (db.masterSecretArn) {
    // GetSecretValue on the RDS-managed master secret (RDS User Guide, "Password management with
    // Secrets Manager"); a customer-managed key also needs kms:Decrypt (the default key policy
    // leaves it to IAM; the AWS-managed aws/secretsmanager key needs nothing more)
    const needs: Need[] = [{ actions: ['secretsmanager:GetSecretValue'], resource: db.masterSecretArn }]
    if (db.masterSecretKmsKeyArn && customerManaged(db.masterSecretKmsKeyArn, inventory)) needs.push({ actions: ['kms:Decrypt'], resource: db.masterSecretKmsKeyArn })
    ways.push({ how: 'master-secret', needs, unproven: LOGIN })
  }
  // a new master password (ModifyDBInstance MasterUserPassword) logs in as the master user
  ways.push({ how: 'reset-password', needs: [modify], unproven: LOGIN })
  // rds-db:connect as the master user (RDS User Guide, "Creating and using an IAM policy for IAM
  // database access": arn:aws:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<user>); a policy on
  // dbuser:*/* or <id>/* covers it
  if (db.iamAuthentication && db.masterUsername && db.resourceId) {
    ways.push({ how: 'iam-connect', needs: [{ actions: ['rds-db:connect'], resource: `arn:aws:rds-db:${db.region}:${db.accountId}:dbuser:${db.resourceId}/${db.masterUsername}` }], unproven: LOGIN })
  }
  return ways
}

/** The modify permission of a database (protection, retention, master password). */
export const databaseModify = (db: Database): Need => ({ actions: [db.kind === 'cluster' ? 'rds:ModifyDBCluster' : 'rds:ModifyDBInstance'], resource: db.arn })

/** A key is AWS-managed when an alias/aws/... alias targets it. */
function customerManaged(keyArn: string, inventory: Inventory): boolean {
  const id = keyArn.split('/').pop()
  return !inventory.kmsAliases.some((a) => a.aliasName.startsWith('alias/aws/') && (a.targetKeyId === id || a.targetKeyId === keyArn))
}

/** The ways to delete one recovery point of a database, or of any store through AWS Backup. */
export function recoveryPointWays(rp: RecoveryPoint, vault: Vault | undefined, now: string): PointWays {
  const lock = vault ? vaultLockState(vault, now) : 'none'
  // Vault Lock in compliance mode past its LockDate: nobody deletes a point before its retention
  // ends (AWS Backup Developer Guide, "AWS Backup Vault Lock")
  if (lock === 'compliance') return { ways: [], reason: `vault ${vault!.name} is locked in compliance mode past its LockDate` }
  const remove: Need = { actions: deleteActionsFor(rp), resource: rp.arn, ...(rp.vaultArn ? { policyOf: rp.vaultArn } : {}) }
  // governance mode, or a compliance lock still in its grace period, falls to
  // DeleteBackupVaultLockConfiguration first
  const unlock: Need | undefined = vault && lock !== 'none' ? { actions: ['backup:DeleteBackupVaultLockConfiguration'], resource: vault.arn, policyOf: vault.arn } : undefined
  return { ways: [{ how: 'delete', needs: unlock ? [unlock, remove] : [remove] }] }
}

/** The actions that delete a recovery point, by kind (spec §7). */
export function deleteActionsFor(rp: RecoveryPoint): string[] {
  switch (rp.kind) {
    case 'rds-manual-snapshot':
      return [rp.arn.includes(':cluster-snapshot:') ? 'rds:DeleteDBClusterSnapshot' : 'rds:DeleteDBSnapshot']
    case 'rds-automated-retained':
      return [rp.arn.includes(':cluster-auto-backup:') ? 'rds:DeleteDBClusterAutomatedBackup' : 'rds:DeleteDBInstanceAutomatedBackup']
    case 'rds-automated':
      // dies with the instance: whoever deletes the DB deletes it
      return [rp.arn.includes(':cluster') ? 'rds:DeleteDBCluster' : 'rds:DeleteDBInstance']
    case 'rds-awsbackup-snapshot':
    case 'backup-recovery-point':
      // rds:DeleteDBSnapshot cannot delete awsbackup: snapshots; only AWS Backup can, or a
      // lifecycle change that expires it
      return ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle']
  }
}
