// What a snapshot says about its own coverage: which parts of the inventory a file feeds, what was
// not collected, and the calls that failed. The snapshot stage owns these; the inventory and
// the checks read them.

/** Inventory parts a check can declare in `needs`. */
export type InventoryPart =
  | 'iam'
  | 'credentialReport'
  | 'rds'
  | 'rdsSnapshots'
  | 'rdsAutomatedBackups'
  | 'backupVaults'
  | 'backupVaultPolicies'
  | 'recoveryPoints'
  | 'backupPlans'
  | 'kms'
  | 'secrets'
  | 'organizations'
  | 's3Buckets' // list-buckets, location, tagging: which buckets, where, which environment
  | 's3Versioning'
  | 's3ObjectLock'
  | 's3Replication'
  | 's3Policies'
  | 's3Lifecycle'
  | 'dynamodbTables' // list-tables, describe-table, tags
  | 'dynamodbPitr'
  | 'dynamodbBackups'
  | 'workspace'
  | 'agentCredentials'

export interface Gap {
  part: InventoryPart
  accountId?: string
  region?: string
  /** the snapshot file or operation that is missing */
  what: string
  reason: string
  /** true when a call or file failed (an errors entry): the scan is partial, exit 3; false for
   *  an optional file that is simply absent */
  failed: boolean
}

export interface CollectionError {
  accountId?: string
  region?: string
  operation: string
  file?: string
  message: string
}
