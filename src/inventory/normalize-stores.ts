// S3 buckets and DynamoDB tables (spec §8), and the recovery points only they have: replicas in
// other buckets, DynamoDB on-demand backups, and the system backup point-in-time recovery leaves.
import { FILES, pathOf, regionOfLocation, type SnapshotFile } from '../snapshot/files.js'
import type { RawAccount, RawBucket, RawLifecycleRule, RawRegion, RawReplicationRule } from '../snapshot/raw.js'
import { classifyResource } from './environment.js'
import type { DataContext, PendingPoint, SourceStore } from './normalize-data.js'
import { tagsOf } from './normalize-iam.js'
import { parsePolicyDocument } from './policy.js'
import type { Bucket, LifecycleRule, ObjectLock, ReplicationRule, StoreRecoveryPointKind, Table, VersioningStatus } from './types.js'

export const bucketArn = (name: string): string => `arn:aws:s3:::${name}`

export function normalizeBuckets(c: DataContext, a: RawAccount): Bucket[] {
  return (a.buckets ?? []).map((b) => normalizeBucket(c, b))
}

function normalizeBucket(c: DataContext, b: RawBucket): Bucket {
  const name = b.listing.Name
  const arn = bucketArn(name)
  const tags = tagsOf(b.tags ?? undefined)
  const file = (f: SnapshotFile) => pathOf(f, c.account.id, 'global', name)
  const files = {
    location: file(FILES.s3BucketLocation), versioning: file(FILES.s3BucketVersioning), objectLock: file(FILES.s3ObjectLock),
    replication: file(FILES.s3Replication), policy: file(FILES.s3BucketPolicy), lifecycle: file(FILES.s3Lifecycle), tagging: file(FILES.s3BucketTagging),
  }
  const [region, regionSource]: [string, Bucket['regionSource']] = b.listing.BucketRegion
    ? [b.listing.BucketRegion, 'list-buckets']
    : b.location ? [regionOfLocation(b.location.LocationConstraint), 'get-bucket-location'] : ['global', 'unknown']
  return {
    arn, type: 'AWS::S3::Bucket', accountId: c.account.id, region, name,
    environment: classifyResource(c.environments, { arn, name, tags }, c.account),
    source: pathOf(FILES.s3Buckets, c.account.id, 'global'), files, regionSource,
    ...(b.listing.CreationDate ? { createdAt: b.listing.CreationDate } : {}),
    ...(b.versioning ? { versioning: versioningOf(b.versioning.Status), mfaDelete: b.versioning.MFADelete === 'Enabled' } : {}),
    ...(b.objectLock !== undefined ? { objectLock: b.objectLock && objectLockOf(b.objectLock) } : {}),
    ...(b.replication !== undefined ? { replication: (b.replication?.Rules ?? []).map(replicationRuleOf) } : {}),
    ...(b.replication?.Role ? { replicationRoleArn: b.replication.Role } : {}),
    ...(b.policy !== undefined ? { policy: b.policy === null ? null : parsePolicyDocument(b.policy, c.display(files.policy), '$.Policy') } : {}),
    ...(b.lifecycle !== undefined ? { lifecycle: (b.lifecycle ?? []).map(lifecycleRuleOf) } : {}),
    tags,
  }
}

/** get-bucket-versioning answers {} for a bucket whose versioning was never enabled. */
const versioningOf = (status: string | undefined): VersioningStatus => (status === 'Enabled' ? 'Enabled' : status === 'Suspended' ? 'Suspended' : 'Off')

function objectLockOf(raw: NonNullable<RawBucket['objectLock']>): ObjectLock {
  const retention = raw.Rule?.DefaultRetention
  return {
    enabled: raw.ObjectLockEnabled === 'Enabled',
    // Days and Years are exclusive; an emulator's 0 for the other one means "not set"
    // the schema admits GOVERNANCE and COMPLIANCE only
    ...(retention?.Mode ? { defaultRetention: { mode: retention.Mode as NonNullable<ObjectLock['defaultRetention']>['mode'], ...(retention.Days ? { days: retention.Days } : {}), ...(retention.Years ? { years: retention.Years } : {}) } } : {}),
  }
}

/** A Filter or Prefix that names some objects: an empty Filter, {"Prefix": ""} or no Prefix take them all. */
function isFiltered(filter: Record<string, unknown> | undefined, prefix: string | undefined): boolean {
  if (prefix) return true
  if (!filter) return false
  return Object.entries(filter).some(([key, value]) => !(key === 'Prefix' && value === ''))
}

/** Destination.Bucket is an ARN; a hand-made snapshot may give the name. */
const destinationArn = (bucket: string): string => (bucket.startsWith('arn:') ? bucket : bucketArn(bucket))

function replicationRuleOf(r: RawReplicationRule): ReplicationRule {
  return {
    ...(r.ID ? { id: r.ID } : {}),
    enabled: r.Status === 'Enabled',
    destinationBucketArn: destinationArn(r.Destination.Bucket),
    ...(r.Destination.Account ? { destinationAccountId: r.Destination.Account } : {}),
    deleteMarkerReplication: r.DeleteMarkerReplication?.Status === 'Enabled',
    filtered: isFiltered(r.Filter, r.Prefix),
  }
}

function lifecycleRuleOf(r: RawLifecycleRule): LifecycleRule {
  return {
    ...(r.ID ? { id: r.ID } : {}),
    enabled: r.Status === 'Enabled',
    filtered: isFiltered(r.Filter, r.Prefix),
    ...(r.Expiration?.Days !== undefined ? { expirationDays: r.Expiration.Days } : {}),
    ...(r.Expiration?.Date ? { expirationDate: r.Expiration.Date } : {}),
    ...(r.NoncurrentVersionExpiration?.NoncurrentDays !== undefined ? { noncurrentVersionExpirationDays: r.NoncurrentVersionExpiration.NoncurrentDays } : {}),
  }
}

export function normalizeTables(c: DataContext, r: RawRegion): Table[] {
  return (r.tables ?? []).flatMap((t): Table[] => {
    // not described: its gap is recorded, and without its ARN and settings it cannot be judged
    if (!t.table) return []
    const d = t.table
    const tags = tagsOf(t.tags ?? undefined)
    const file = (f: SnapshotFile) => pathOf(f, c.account.id, r.region, t.name)
    const pitr = t.continuousBackups?.PointInTimeRecoveryDescription
    const kms = d.SSEDescription?.Status === 'ENABLED' || d.SSEDescription?.Status === 'UPDATING'
    return [{
      arn: d.TableArn, type: 'AWS::DynamoDB::Table', accountId: c.account.id, region: r.region, name: d.TableName,
      environment: classifyResource(c.environments, { arn: d.TableArn, name: d.TableName, tags }, c.account),
      source: file(FILES.dynamodbTable),
      files: { description: file(FILES.dynamodbTable), continuousBackups: file(FILES.dynamodbContinuousBackups), tags: file(FILES.dynamodbTags) },
      ...(d.TableId ? { tableId: d.TableId } : {}),
      status: d.TableStatus ?? 'unknown',
      deletionProtection: d.DeletionProtectionEnabled ?? false,
      ...(t.continuousBackups ? {
        pointInTimeRecovery: {
          enabled: pitr?.PointInTimeRecoveryStatus === 'ENABLED',
          ...(pitr?.EarliestRestorableDateTime ? { earliestRestorableAt: pitr.EarliestRestorableDateTime } : {}),
          ...(pitr?.LatestRestorableDateTime ? { latestRestorableAt: pitr.LatestRestorableDateTime } : {}),
          ...(pitr?.RecoveryPeriodInDays !== undefined ? { recoveryPeriodDays: pitr.RecoveryPeriodInDays } : {}),
        },
      } : {}),
      encryption: kms ? 'kms' : 'aws-owned',
      ...(kms && d.SSEDescription?.KMSMasterKeyArn ? { kmsKeyArn: d.SSEDescription.KMSMasterKeyArn } : {}),
      tags,
    }]
  })
}

export const bucketStore = (b: Bucket): SourceStore => ({ arn: b.arn, name: b.name, noun: 'bucket', environment: b.environment })
export const tableStore = (t: Table): SourceStore => ({ arn: t.arn, name: t.name, noun: 'table', environment: t.environment })

type StorePoint = PendingPoint<StoreRecoveryPointKind>

/**
 * The on-demand backups of one region's tables (and of tables since deleted), and the system
 * backup each table with PITR on would leave behind (spec §8).
 */
export function tableRecoveryPoints(c: DataContext, r: RawRegion, tables: Table[], stores: Map<string, SourceStore>): StorePoint[] {
  const out: StorePoint[] = []
  for (const b of r.dynamodbBackups ?? []) {
    const tableArn = b.TableArn ?? `arn:aws:dynamodb:${r.region}:${c.account.id}:table/${b.TableName}`
    const store = stores.get(tableArn)
    out.push({
      arn: b.BackupArn, kind: 'dynamodb-backup', accountId: c.account.id, region: r.region, sourceDbArn: tableArn,
      ...(store ? { sourceStore: store } : {}),
      ...(b.BackupCreationDateTime ? { createdAt: b.BackupCreationDateTime } : {}),
      status: b.BackupStatus, survivesDbDeletion: b.BackupStatus !== 'DELETED',
      dynamodbBackupType: b.BackupType as NonNullable<StorePoint['dynamodbBackupType']>,
      source: pathOf(FILES.dynamodbBackups, c.account.id, r.region),
    })
  }
  for (const t of tables) {
    if (t.accountId !== c.account.id || t.region !== r.region || !t.pointInTimeRecovery?.enabled) continue
    out.push({
      // not a real ARN: the system backup exists only once the table is deleted
      arn: `${t.arn}/point-in-time-recovery`, kind: 'dynamodb-pitr', accountId: t.accountId, region: t.region, sourceDbArn: t.arn,
      sourceStore: tableStore(t), continuous: true, status: 'available', survivesDbDeletion: true,
      ...(t.pointInTimeRecovery.latestRestorableAt ? { createdAt: t.pointInTimeRecovery.latestRestorableAt } : {}),
      source: t.files.continuousBackups,
    })
  }
  return out
}

/**
 * Every enabled replication rule that takes the whole bucket (no prefix or tag filter) makes its
 * destination a copy of the bucket: version deletes do not replicate (spec §8). Where the copy
 * lives comes from the destination bucket when this snapshot has it, else from the rule.
 */
export function replicaRecoveryPoints(buckets: Bucket[]): StorePoint[] {
  const byArn = new Map(buckets.map((b) => [b.arn, b]))
  return buckets.flatMap((b) =>
    (b.replication ?? [])
      .filter((rule) => rule.enabled && !rule.filtered)
      .map((rule): StorePoint => {
        const dest = byArn.get(rule.destinationBucketArn)
        const destRegionKnown = dest !== undefined && dest.regionSource !== 'unknown'
        return {
          arn: rule.destinationBucketArn, kind: 's3-replica',
          accountId: dest?.accountId ?? rule.destinationAccountId ?? b.accountId,
          region: destRegionKnown ? dest.region : b.region,
          sourceDbArn: b.arn, sourceStore: bucketStore(b), continuous: true, status: 'available', survivesDbDeletion: true,
          replica: {
            ...(rule.id ? { ruleId: rule.id } : {}), sourceBucketArn: b.arn, deleteMarkerReplication: rule.deleteMarkerReplication,
            accountFrom: dest ? 'snapshot' : rule.destinationAccountId ? 'rule' : 'assumed',
            regionFrom: destRegionKnown ? 'snapshot' : 'assumed',
          },
          source: b.files.replication,
        }
      }),
  )
}
