// Every production data store as one concept (spec §8): RDS databases and Aurora clusters, S3
// buckets and DynamoDB tables, each with its environment, where it lives, and its recovery
// points of every kind. A read-only view over the inventory, for the checks that ask the same
// question of every store (cross-account and cross-region copies, freshness, environments per
// account); the store-specific checks read Bucket and Table themselves.
import { isUsable, judgedDatabases } from './recovery.js'
import type { AnyRecoveryPointKind, DataStore, Inventory, InventoryPart, RecoveryPoint, ResourceRef } from './types.js'
import { append } from '../group.js'

/** Every data store and every kind of recovery point: what a check of the stores' copies needs. */
export const STORE_RECOVERY_PARTS: InventoryPart[] = [
  'rds', 'rdsSnapshots', 'rdsAutomatedBackups', 'recoveryPoints', 's3Buckets', 's3Replication', 'dynamodbTables', 'dynamodbPitr', 'dynamodbBackups',
]

const ref = (r: ResourceRef): ResourceRef => ({
  arn: r.arn, type: r.type, accountId: r.accountId, region: r.region, name: r.name, environment: r.environment, source: r.source,
})

/** Every recovery point of every kind, by the store it restores. */
function pointsBySource(inventory: Inventory): Map<string, RecoveryPoint<AnyRecoveryPointKind>[]> {
  const out = new Map<string, RecoveryPoint<AnyRecoveryPointKind>[]>()
  for (const rp of [...inventory.recoveryPoints, ...inventory.storeRecoveryPoints]) {
    if (rp.sourceDbArn === undefined) continue
    append(out, rp.sourceDbArn, rp)
  }
  return out
}

/**
 * The data stores to judge: databases (Aurora members are judged by their cluster, which also
 * holds their recovery points), buckets and tables.
 */
export function dataStores(inventory: Inventory): DataStore[] {
  const points = pointsBySource(inventory)
  const of = (...arns: (string | undefined)[]) => arns.flatMap((a) => (a ? points.get(a) ?? [] : []))
  const replicaSources = new Map<string, string[]>()
  for (const rp of inventory.storeRecoveryPoints) {
    if (rp.kind === 's3-replica' && rp.replica) append(replicaSources, rp.arn, rp.replica.sourceBucketArn)
  }
  return [
    ...judgedDatabases(inventory).map((database): DataStore => ({
      ...ref(database), store: 'database', database, copyOf: [],
      // as recoveryPointsOf: its own, and its cluster's for a member (judged ones have none)
      recoveryPoints: of(database.arn, database.clusterArn),
    })),
    ...inventory.buckets.map((bucket): DataStore => ({ ...ref(bucket), store: 'bucket', bucket, copyOf: replicaSources.get(bucket.arn) ?? [], recoveryPoints: of(bucket.arn) })),
    ...inventory.tables.map((table): DataStore => ({ ...ref(table), store: 'table', table, copyOf: [], recoveryPoints: of(table.arn) })),
  ]
}

/**
 * Usable recovery points that outlive destroying the store with default settings: for a
 * database deleting it, for a table deleting it (on-demand backups, AWS Backup points, the PITR
 * system backup), for a bucket destroying its objects (replicas and AWS Backup points; its own
 * noncurrent versions are not a separate recovery point, spec §8).
 */
export function survivingRecoveryPoints(store: DataStore): RecoveryPoint<AnyRecoveryPointKind>[] {
  return store.recoveryPoints.filter((rp) => rp.survivesDbDeletion && isUsable(rp))
}

/** What a finding calls the store: "database orders-prod", "cluster ledger", "bucket invoices", "table sessions". */
export function storeLabel(store: DataStore): string {
  const noun = store.store === 'database' ? (store.database.kind === 'cluster' ? 'cluster' : 'database') : store.store
  return `${noun} ${store.name}`
}
