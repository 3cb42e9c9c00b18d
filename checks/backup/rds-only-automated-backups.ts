// Breaks the chain at "its backups were stored inside the same volume": RDS automated backups
// are deleted with the instance by default (spec §7), so they are no way back from a delete.
import { defineCheck } from '../../src/checks/define.js'
import { isProd } from '../../src/inventory/environment.js'
import { judgedDatabases, recoveryPointsOf, survivingRecoveryPointsOf } from '../../src/inventory/recovery.js'
import type { RecoveryPoint } from '../../src/inventory/types.js'

function countByKind(points: RecoveryPoint[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const rp of points) counts[rp.kind] = (counts[rp.kind] ?? 0) + 1
  return counts
}

export default defineCheck({
  id: 'rds-only-automated-backups',
  title: 'Prod database has no recovery point that survives deleting it',
  riskClass: 'backup',
  severity: 'critical',
  description:
    'A DeleteDBInstance call deletes the automated backups with the instance unless the caller passes ' +
    'DeleteAutomatedBackups=false, and can skip the final snapshot. A prod database whose only backups are ' +
    'automated ones can be erased together with every way back in one call. A manual snapshot, an AWS Backup ' +
    'recovery point, a retained automated backup or a copy survives the delete.',
  remediation:
    'aws rds create-db-snapshot --db-instance-identifier <id> --db-snapshot-identifier <id>-manual-$(date +%Y%m%d) ' +
    '(clusters: aws rds create-db-cluster-snapshot), then protect it with an AWS Backup plan: ' +
    'aws backup create-backup-selection --backup-plan-id <plan> --backup-selection file://selection.json',
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_RetainAutomatedBackups.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CreateSnapshot.html',
  ],
  compliance: { 'nist-800-53': ['CP-9'], soc2: ['A1.2'], 'iso-27001': ['A.8.13'] },
  needs: ['rds', 'rdsSnapshots', 'rdsAutomatedBackups', 'recoveryPoints'],
  run({ inventory, finding }) {
    return judgedDatabases(inventory)
      .filter(isProd)
      .filter((db) => survivingRecoveryPointsOf(inventory, db).length === 0)
      .map((db) => {
        const all = recoveryPointsOf(inventory, db)
        return finding({
          resource: db,
          message: `${db.name} has 0 recovery points that survive deleting it (of ${all.length} recovery points; at least 1 needed)`,
          evidence: { survivingRecoveryPoints: 0, recoveryPointsByKind: countByKind(all), backupRetentionDays: db.backupRetentionDays },
        })
      })
  },
})
