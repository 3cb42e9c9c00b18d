// Breaks the chain at "every way back sat in one place": a regional outage or a region-scoped
// delete takes the database and every recovery point kept in its region together.
import { defineCheck } from '../../src/checks/define.js'
import { isProd } from '../../src/inventory/environment.js'
import { judgedDatabases, survivingRecoveryPointsOf } from '../../src/inventory/recovery.js'

export default defineCheck({
  id: 'backup-no-cross-region-copy',
  title: 'Prod database has no surviving recovery point in another region',
  riskClass: 'backup',
  severity: 'medium',
  description:
    'Recovery points kept only in the database region are lost with a regional outage and are reachable by ' +
    'region-scoped automation. A copy in another region (AWS Backup copy action, cross-region snapshot copy, ' +
    'or cross-region automated backup replication) keeps a way back. AWS Backup cannot copy RDS across ' +
    'account and region in one action, so a copy in another account of the same region does not count here.',
  remediation:
    'aws rds copy-db-snapshot --source-db-snapshot-identifier <snapshot-arn> --target-db-snapshot-identifier <id>-dr ' +
    '--source-region <region> --region <other-region>, or add a copy action to a vault in another region: ' +
    'aws backup update-backup-plan --backup-plan-id <plan> --backup-plan file://plan.json',
  references: [
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CopySnapshot.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReplicateBackups.html',
  ],
  compliance: { 'nist-800-53': ['CP-6', 'CP-6(1)', 'CP-9'], soc2: ['A1.2'], 'iso-27001': ['A.8.13', 'A.8.14'] },
  needs: ['rds', 'rdsSnapshots', 'rdsAutomatedBackups', 'recoveryPoints'],
  run({ inventory, finding }) {
    return judgedDatabases(inventory)
      .filter(isProd)
      .flatMap((db) => {
        const surviving = survivingRecoveryPointsOf(inventory, db)
        if (surviving.some((rp) => rp.region !== db.region)) return []
        return [
          finding({
            resource: db,
            message: `${db.name} has 0 surviving recovery points outside region ${db.region} (${surviving.length === 0 ? 'none survive at all' : `all ${surviving.length} are in the same region`}; at least 1 needed elsewhere)`,
            evidence: {
              databaseRegion: db.region,
              survivingRecoveryPoints: surviving.map((rp) => ({ arn: rp.arn, accountId: rp.accountId, region: rp.region })),
            },
          }),
        ]
      })
  },
})
