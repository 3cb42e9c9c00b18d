// How a DynamoDB table and its backups are destroyed (spec §8). Each entry gives its AWS reference.
import type { AnyRecoveryPointKind, RecoveryPoint, Table } from '../../inventory/types.js'
import type { Need, PointWays, Way } from './model.js'

/** UpdateTable turns DeletionProtectionEnabled off (DynamoDB Developer Guide, "Deletion protection"). */
export const tableModify = (t: Table): Need => ({ actions: ['dynamodb:UpdateTable'], resource: t.arn })

export function tableWays(t: Table): Way[] {
  const del: Need = { actions: ['dynamodb:DeleteTable'], resource: t.arn }
  return [{ how: 'delete', needs: t.deletionProtection ? [tableModify(t), del] : [del], protectionOff: t.deletionProtection }]
}

/** The ways to delete one of a table's own recovery points (AWS Backup points: see recoveryPointWays). */
export function tablePointWays(rp: RecoveryPoint<AnyRecoveryPointKind>, t: Table | undefined): PointWays {
  if (rp.kind === 'dynamodb-pitr') {
    // deleting a table with PITR on leaves a system backup for 35 days, unless the caller first
    // turns PITR off with UpdateContinuousBackups (DynamoDB Developer Guide, "Point-in-time recovery")
    return t ? { ways: [{ how: 'delete', protectionOff: true, needs: [{ actions: ['dynamodb:UpdateContinuousBackups'], resource: t.arn }] }] } : { ways: [], reason: 'its table is not in the snapshot' }
  }
  // on-demand backups survive DeleteTable; DeleteBackup removes one (DynamoDB API Reference,
  // DeleteBackup); those AWS Backup made are deleted through AWS Backup
  const actions = rp.dynamodbBackupType === 'AWS_BACKUP' ? ['dynamodb:DeleteBackup', 'backup:DeleteRecoveryPoint'] : ['dynamodb:DeleteBackup']
  return { ways: [{ how: 'delete', needs: [{ actions, resource: rp.arn }] }] }
}
