// Breaks the chain at "every way back sat in one place": a regional outage or a region-scoped
// delete takes the data store and every recovery point kept in its region together.
import { defineCheck } from '../../src/checks/define.js'
import { isProd } from '../../src/inventory/environment.js'
import { dataStores, STORE_RECOVERY_PARTS, survivingRecoveryPoints } from '../../src/inventory/stores.js'

export default defineCheck({
  id: 'backup-no-cross-region-copy',
  title: 'Prod data store has no surviving recovery point in another region',
  riskClass: 'backup',
  severity: 'medium',
  description:
    'Recovery points kept only in the data store\'s region are lost with a regional outage and are reachable by ' +
    'region-scoped automation. A copy in another region (AWS Backup copy action, cross-region snapshot copy, ' +
    'cross-region automated backup replication, S3 cross-region replication) keeps a way back. AWS Backup cannot ' +
    'copy RDS across account and region in one action, so a copy in another account of the same region does not ' +
    'count here. A bucket whose region is not known, and one that is itself a replica, are not judged.',
  remediation:
    'aws rds copy-db-snapshot --source-db-snapshot-identifier <snapshot-arn> --target-db-snapshot-identifier <id>-dr ' +
    '--source-region <region> --region <other-region>, or add a copy action to a vault in another region: ' +
    'aws backup update-backup-plan --backup-plan-id <plan> --backup-plan file://plan.json; for a bucket, replicate it ' +
    'to a bucket in another region (aws s3api put-bucket-replication --bucket <bucket> --replication-configuration file://replication.json)',
  references: [
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CopySnapshot.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReplicateBackups.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html',
  ],
  compliance: { 'nist-800-53': ['CP-6', 'CP-6(1)', 'CP-9'], soc2: ['A1.2'], 'iso-27001': ['A.8.13', 'A.8.14'] },
  needs: STORE_RECOVERY_PARTS,
  run({ inventory, finding, skip }) {
    return dataStores(inventory)
      .filter(isProd)
      .filter((store) => store.copyOf.length === 0)
      .flatMap((store) => {
        if (store.store === 'bucket' && store.bucket.regionSource === 'unknown') {
          skip(`${store.arn}: the bucket's region is not known (no BucketRegion, no get-bucket-location)`)
          return []
        }
        const surviving = survivingRecoveryPoints(store)
        if (surviving.some((rp) => rp.region !== store.region)) return []
        return [
          finding({
            resource: store,
            message: `${store.name} has 0 surviving recovery points outside region ${store.region} (${surviving.length === 0 ? 'none survive at all' : `all ${surviving.length} are in the same region`}; at least 1 needed elsewhere)`,
            evidence: {
              store: store.store,
              storeRegion: store.region,
              survivingRecoveryPoints: surviving.map((rp) => ({ arn: rp.arn, kind: rp.kind, accountId: rp.accountId, region: rp.region })),
            },
          }),
        ]
      })
  },
})
