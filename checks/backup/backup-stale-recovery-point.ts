// Breaks the chain at "the newest recovery point elsewhere was three months old": a surviving
// recovery point only helps if it is recent enough to restore from.
import { defineCheck, integer } from '../../src/checks/define.js'
import { isProd } from '../../src/inventory/environment.js'
import { ageHours, newestRecoveryPoint } from '../../src/inventory/recovery.js'
import { dataStores, STORE_RECOVERY_PARTS, survivingRecoveryPoints } from '../../src/inventory/stores.js'

const round1 = (n: number): number => Math.round(n * 10) / 10

export default defineCheck({
  id: 'backup-stale-recovery-point',
  title: 'Newest surviving recovery point of a prod data store is older than the RPO',
  riskClass: 'backup',
  severity: 'high',
  description:
    'Measures the age of the newest recovery point that survives destroying the data store (manual or AWS Backup ' +
    'snapshot, vault recovery point, retained automated backup, copy, DynamoDB on-demand backup) against the ' +
    'recovery point objective, from the time the inventory was collected. In-place automated backups do not count: ' +
    'they die with the database. S3 replication and DynamoDB point-in-time recovery are continuous, as fresh as their ' +
    'source. A store with no surviving recovery point at all is reported by rds-only-automated-backups (databases) ' +
    'and backup-no-cross-account-copy.',
  remediation:
    'Schedule AWS Backup to run at least once per RPO: aws backup update-backup-plan --backup-plan-id <plan> ' +
    '--backup-plan file://plan.json (rule ScheduleExpression "cron(0 */12 * * ? *)"), or take one now: ' +
    'aws backup start-backup-job --backup-vault-name <vault> --resource-arn <db-arn> --iam-role-arn <role-arn>',
  references: [
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html',
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-on-demand-backup.html',
  ],
  compliance: { 'nist-800-53': ['CP-9', 'CP-10'], soc2: ['A1.2'], 'iso-27001': ['A.8.13'] },
  needs: STORE_RECOVERY_PARTS,
  options: { rpoHours: integer({ min: 1, default: 24, doc: 'recovery point objective: oldest acceptable newest surviving recovery point, in hours' }) },
  run({ inventory, options, finding, skip }) {
    return dataStores(inventory)
      .filter(isProd)
      .filter((store) => store.copyOf.length === 0)
      .flatMap((store) => {
        const surviving = survivingRecoveryPoints(store)
        if (surviving.length === 0) return [] // rds-only-automated-backups and backup-no-cross-account-copy report it
        if (surviving.some((rp) => rp.continuous)) return [] // a replica or PITR: as fresh as the store
        const newest = newestRecoveryPoint(surviving)
        if (!newest?.createdAt) {
          skip(`${store.arn}: none of its ${surviving.length} surviving recovery points has a creation time`)
          return []
        }
        const hours = ageHours(newest.createdAt, inventory.collectedAt)
        if (hours <= options.rpoHours) return []
        const days = hours >= 48 ? ` (${round1(hours / 24)} days)` : ''
        return [
          finding({
            resource: store,
            message: `${store.name}'s newest surviving recovery point is ${round1(hours)} hours old${days} (RPO ${options.rpoHours} hours)`,
            evidence: {
              newestRecoveryPoint: { arn: newest.arn, kind: newest.kind, createdAt: newest.createdAt, accountId: newest.accountId, region: newest.region },
              ageHours: round1(hours),
              rpoHours: options.rpoHours,
              collectedAt: inventory.collectedAt,
            },
          }),
        ]
      })
  },
})
