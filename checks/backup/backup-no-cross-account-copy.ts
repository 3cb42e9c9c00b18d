// Breaks the chain at "one token reached the database and its backups": a recovery point in
// another account is outside the reach of a credential scoped to the database's account.
import { defineCheck } from '../../src/checks/define.js'
import { isProd } from '../../src/inventory/environment.js'
import { judgedDatabases, survivingRecoveryPointsOf } from '../../src/inventory/recovery.js'

export default defineCheck({
  id: 'backup-no-cross-account-copy',
  title: 'Prod database has no surviving recovery point in another account',
  riskClass: 'backup',
  severity: 'high',
  description:
    'Recovery points in the same account as the database share its blast radius: a principal or leaked ' +
    'token with delete rights there can remove both. A copy in a separate backup account (AWS Backup ' +
    'cross-account copy, or a shared and copied snapshot) survives the compromise of the prod account.',
  remediation:
    'Add a copy action to the backup plan rule that targets a vault in a backup account: ' +
    'aws backup update-backup-plan --backup-plan-id <plan> --backup-plan file://plan.json ' +
    '(rule CopyActions: [{"DestinationBackupVaultArn": "arn:aws:backup:<region>:<backup-account>:backup-vault:<vault>"}])',
  references: [
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html',
  ],
  compliance: { 'nist-800-53': ['CP-9'], soc2: ['A1.2'], 'iso-27001': ['A.8.13'] },
  needs: ['rds', 'rdsSnapshots', 'rdsAutomatedBackups', 'recoveryPoints'],
  run({ inventory, finding }) {
    return judgedDatabases(inventory)
      .filter(isProd)
      .flatMap((db) => {
        const surviving = survivingRecoveryPointsOf(inventory, db)
        if (surviving.some((rp) => rp.accountId !== db.accountId)) return []
        return [
          finding({
            resource: db,
            message: `${db.name} has 0 surviving recovery points outside account ${db.accountId} (${surviving.length === 0 ? 'none survive at all' : `all ${surviving.length} are in the same account`}; at least 1 needed elsewhere)`,
            evidence: {
              databaseAccountId: db.accountId,
              survivingRecoveryPoints: surviving.map((rp) => ({ arn: rp.arn, accountId: rp.accountId, region: rp.region })),
            },
          }),
        ]
      })
  },
})
