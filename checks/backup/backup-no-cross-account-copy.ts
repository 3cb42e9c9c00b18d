// Breaks the chain at "one token reached the data and its backups": a recovery point in another
// account is outside the reach of a credential scoped to the data store's account.
import { defineCheck } from '../../src/checks/define.js'
import { isProd } from '../../src/inventory/environment.js'
import { dataStores, STORE_RECOVERY_PARTS, survivingRecoveryPoints } from '../../src/inventory/stores.js'

export default defineCheck({
  id: 'backup-no-cross-account-copy',
  title: 'Prod data store has no surviving recovery point in another account',
  riskClass: 'backup',
  severity: 'high',
  description:
    'Recovery points in the same account as the data store share its blast radius: a principal or leaked ' +
    'token with delete rights there can remove both. A copy in a separate backup account (AWS Backup ' +
    'cross-account copy, a shared and copied snapshot, S3 replication to a bucket of another account) ' +
    'survives the compromise of the prod account. DynamoDB on-demand backups and PITR stay in the table\'s ' +
    'account; a bucket that is itself a replica is judged as its source\'s copy.',
  remediation:
    'Add a copy action to the backup plan rule that targets a vault in a backup account: ' +
    'aws backup update-backup-plan --backup-plan-id <plan> --backup-plan file://plan.json ' +
    '(rule CopyActions: [{"DestinationBackupVaultArn": "arn:aws:backup:<region>:<backup-account>:backup-vault:<vault>"}]); ' +
    'for a bucket, replicate it to a bucket of the backup account: aws s3api put-bucket-replication --bucket <bucket> ' +
    '--replication-configuration file://replication.json (Destination: {"Bucket": "arn:aws:s3:::<copy>", "Account": "<backup-account>"})',
  references: [
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html',
  ],
  compliance: { 'nist-800-53': ['CP-9'], soc2: ['A1.2'], 'iso-27001': ['A.8.13'] },
  needs: STORE_RECOVERY_PARTS,
  run({ inventory, finding }) {
    return dataStores(inventory)
      .filter(isProd)
      .filter((store) => store.copyOf.length === 0)
      .flatMap((store) => {
        const surviving = survivingRecoveryPoints(store)
        if (surviving.some((rp) => rp.accountId !== store.accountId)) return []
        return [
          finding({
            resource: store,
            message: `${store.name} has 0 surviving recovery points outside account ${store.accountId} (${surviving.length === 0 ? 'none survive at all' : `all ${surviving.length} are in the same account`}; at least 1 needed elsewhere)`,
            evidence: {
              store: store.store,
              storeAccountId: store.accountId,
              survivingRecoveryPoints: surviving.map((rp) => ({ arn: rp.arn, kind: rp.kind, accountId: rp.accountId, region: rp.region })),
            },
          }),
        ]
      })
  },
})
