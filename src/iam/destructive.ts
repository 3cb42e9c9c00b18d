// "Destructive" (spec §7): an action that deletes or irrecoverably alters stored data or its
// recovery on a data service. One list, each entry with the reason it belongs here; checks and
// the destruction paths read only this module.

export interface DestructiveAction {
  action: string
  /** what is lost, and why a backup or an undo does not save it */
  why: string
}

export const DESTRUCTIVE_ACTIONS: readonly DestructiveAction[] = [
  // RDS / Aurora / DocumentDB / Neptune (all authorized under the rds: prefix)
  { action: 'rds:DeleteDBInstance', why: 'deletes the instance and, by default, its automated backups; the final snapshot can be skipped' },
  { action: 'rds:DeleteDBCluster', why: 'deletes an Aurora/DocumentDB/Neptune cluster and its automated backups; the final snapshot can be skipped' },
  { action: 'rds:DeleteDBSnapshot', why: 'deletes a manual DB snapshot, a recovery point that would survive the instance' },
  { action: 'rds:DeleteDBClusterSnapshot', why: 'deletes a manual cluster snapshot' },
  { action: 'rds:DeleteDBInstanceAutomatedBackup', why: 'deletes retained automated backups of a deleted instance' },
  { action: 'rds:DeleteDBClusterAutomatedBackup', why: 'deletes retained automated backups of a deleted cluster' },
  { action: 'rds:DeleteGlobalCluster', why: 'removes a global database that other regions recover from' },
  // AWS Backup
  { action: 'backup:DeleteRecoveryPoint', why: 'deletes a recovery point from a vault' },
  { action: 'backup:UpdateRecoveryPointLifecycle', why: 'shortens retention so a recovery point expires and is deleted by AWS' },
  { action: 'backup:DeleteBackupVault', why: 'deletes a vault (once emptied)' },
  { action: 'backup:DeleteBackupVaultLockConfiguration', why: 'removes a governance-mode or not-yet-effective Vault Lock, making recovery points deletable' },
  { action: 'backup:PutBackupVaultAccessPolicy', why: 'replaces the vault policy that denies deletion' },
  { action: 'backup:DeleteBackupVaultAccessPolicy', why: 'removes the vault policy that denies deletion' },
  { action: 'backup:DeleteBackupPlan', why: 'stops all future recovery points of the protected resources' },
  // S3
  { action: 's3:DeleteBucket', why: 'deletes a bucket (once emptied)' },
  { action: 's3:DeleteObject', why: 'deletes objects (permanently when versioning is off)' },
  { action: 's3:DeleteObjectVersion', why: 'permanently deletes object versions, defeating versioning' },
  { action: 's3:PutLifecycleConfiguration', why: 'an expiration rule deletes every object, versions included' },
  { action: 's3:PutBucketVersioning', why: 'suspending versioning makes later deletes permanent' },
  // DynamoDB
  { action: 'dynamodb:DeleteTable', why: 'deletes the table (point-in-time recovery goes with it unless a backup exists)' },
  { action: 'dynamodb:DeleteBackup', why: 'deletes an on-demand table backup' },
  { action: 'dynamodb:UpdateContinuousBackups', why: 'turns point-in-time recovery off' },
  // EBS
  { action: 'ec2:DeleteVolume', why: 'deletes an EBS volume and its data' },
  { action: 'ec2:DeleteSnapshot', why: 'deletes an EBS snapshot, the volume\'s recovery point' },
  // EFS
  { action: 'elasticfilesystem:DeleteFileSystem', why: 'deletes a file system and its data' },
  // Redshift
  { action: 'redshift:DeleteCluster', why: 'deletes a cluster, optionally without a final snapshot' },
  { action: 'redshift:DeleteClusterSnapshot', why: 'deletes a cluster snapshot' },
  // ElastiCache
  { action: 'elasticache:DeleteReplicationGroup', why: 'deletes the cache data, optionally without a final snapshot' },
  { action: 'elasticache:DeleteCacheCluster', why: 'deletes a cache cluster and its data' },
  { action: 'elasticache:DeleteSnapshot', why: 'deletes a cache snapshot' },
  // OpenSearch
  { action: 'es:DeleteDomain', why: 'deletes an OpenSearch domain and its indices' },
  // Secrets Manager
  { action: 'secretsmanager:DeleteSecret', why: 'deletes a secret (immediately with ForceDeleteWithoutRecovery)' },
  // KMS: data encrypted under a deleted or disabled key cannot be decrypted
  { action: 'kms:ScheduleKeyDeletion', why: 'schedules key deletion; data and backups encrypted with it become unreadable' },
  { action: 'kms:DisableKey', why: 'disables the key; data and backups encrypted with it cannot be read' },
]

/** Data writes that are not deletions but change prod data or its protection (isolation checks). */
export const DATA_WRITE_ACTIONS: readonly DestructiveAction[] = [
  { action: 'rds:ModifyDBInstance', why: 'can turn deletion protection off, set backup retention to 0 or reset the master password' },
  { action: 'rds:ModifyDBCluster', why: 'can turn deletion protection off, set backup retention to 0 or reset the master password' },
  { action: 'rds:RestoreDBInstanceFromDBSnapshot', why: 'creates a copy of prod data' },
  { action: 'rds:StopDBInstance', why: 'takes the database offline' },
  { action: 'rds:RebootDBInstance', why: 'interrupts the database' },
]

export const DESTRUCTIVE_ACTION_NAMES: readonly string[] = DESTRUCTIVE_ACTIONS.map((d) => d.action)
