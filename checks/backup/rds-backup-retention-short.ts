// Breaks the chain at "the newest usable backup was three months old": RDS deletes automated
// backups older than BackupRetentionPeriod, and 0 turns them off altogether.
import { defineCheck, integer } from '../../src/checks/define.js'
import { isProd } from '../../src/inventory/environment.js'
import { judgedDatabases } from '../../src/inventory/recovery.js'

export default defineCheck({
  id: 'rds-backup-retention-short',
  title: 'Prod database keeps automated backups for too few days',
  riskClass: 'backup',
  severity: 'medium',
  description:
    'BackupRetentionPeriod bounds how far back point-in-time restore reaches; a corruption or bad migration ' +
    'found later than that cannot be undone from automated backups. A retention of 0 disables automated ' +
    'backups and point-in-time recovery entirely (critical). Aurora members are judged by their cluster.',
  remediation:
    'aws rds modify-db-instance --db-instance-identifier <id> --backup-retention-period 14 --apply-immediately ' +
    '(Aurora: aws rds modify-db-cluster --db-cluster-identifier <id> --backup-retention-period 14 --apply-immediately)',
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupRetention.html',
  ],
  compliance: { 'nist-800-53': ['CP-9'], soc2: ['A1.2'], 'iso-27001': ['A.8.13'] },
  needs: ['rds'],
  options: { minRetentionDays: integer({ min: 1, max: 35, default: 7, doc: 'fewest days of automated backups kept for prod' }) },
  run({ inventory, options, finding }) {
    return judgedDatabases(inventory)
      .filter(isProd)
      .filter((db) => db.backupRetentionDays < options.minRetentionDays)
      .map((db) =>
        finding({
          resource: db,
          severity: db.backupRetentionDays === 0 ? 'critical' : undefined,
          message:
            db.backupRetentionDays === 0
              ? `${db.name} keeps automated backups for 0 days, so automated backups are off (minimum ${options.minRetentionDays})`
              : `${db.name} keeps automated backups for ${db.backupRetentionDays} days (minimum ${options.minRetentionDays})`,
          evidence: { backupRetentionDays: db.backupRetentionDays, minRetentionDays: options.minRetentionDays },
        }),
      )
  },
})
