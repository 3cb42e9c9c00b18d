// The normalized inventory: bulkhead's nouns in camelCase. AWS PascalCase shapes stop at
// src/inventory/normalize.ts; everything after (IAM engine, checks, reporters) reads only these.

export type Environment = 'prod' | 'staging' | 'dev' | 'test' | 'unknown' | 'external'

/** Which rule of spec §3 decided an environment (first match wins). */
export type EnvironmentRule =
  | 'config-arn' // 1. config environments.<env>.arns
  | 'tag' // 2. the resource's own Environment/Env/Stage tag
  | 'name' // 3. the resource's own name
  | 'account' // 4. its account's environment (detail says which source)
  | 'external' // an account outside the snapshot and the organization
  | 'default' // 5. nothing matched: unknown

export interface EnvironmentDecision {
  environment: Environment
  rule: EnvironmentRule
  /** e.g. "tag Environment=staging", "name word 'prod'", "account 111111111111 (manifest)" */
  detail: string
}

export type Tags = Record<string, string>

/** Anything a finding can name as its resource. */
export interface ResourceRef {
  arn: string
  /** CloudFormation-style type, e.g. AWS::RDS::DBInstance */
  type: string
  accountId: string
  /** a region, or 'global' */
  region: string
  name: string
  environment: EnvironmentDecision
  /** snapshot file (relative to the snapshot root) that holds it; used as SARIF location */
  source: string
}

export interface Account {
  id: string
  name: string
  environment: EnvironmentDecision
  regions: string[]
  tags: Tags
  /** false for accounts known only from the organization's account list */
  inSnapshot: boolean
}

// ---------------------------------------------------------------------------------------------
// Policies

/** A parsed policy document (JSON object form; URL-encoded strings are decoded by normalize). */
export interface PolicyDocument {
  Version?: string
  Id?: string
  Statement: PolicyStatement[]
}

export interface PolicyStatement {
  Sid?: string
  Effect: 'Allow' | 'Deny'
  Action?: string[]
  NotAction?: string[]
  Resource?: string[]
  NotResource?: string[]
  Principal?: PolicyPrincipal
  NotPrincipal?: PolicyPrincipal
  Condition?: Record<string, Record<string, string[]>>
}

/** '*' or a map of principal type (AWS, Service, Federated, CanonicalUser) to values. */
export type PolicyPrincipal = '*' | Record<string, string[]>

export interface NamedPolicy {
  name: string
  /** for managed policies the policy ARN, for inline policies `<principal arn>/inline/<name>` */
  id: string
  document: PolicyDocument
  /** where it came from, for error messages and evidence */
  source: string
}

export interface ManagedPolicy {
  arn: string
  name: string
  /** 'aws' for AWS-managed policies, else the owning account id */
  owner: string
  document: PolicyDocument
  source: string
}

// ---------------------------------------------------------------------------------------------
// IAM principals

export interface AccessKey {
  /** the access key id is public information (it appears in CloudTrail); the secret never does */
  id?: string
  active: boolean
  createdAt?: string
  lastUsedAt?: string
}

export interface Credentials {
  passwordEnabled: boolean
  passwordLastUsedAt?: string
  passwordLastChangedAt?: string
  accessKeys: AccessKey[]
}

export type PrincipalKind = 'user' | 'role' | 'root'

export interface Principal extends ResourceRef {
  kind: PrincipalKind
  path: string
  tags: Tags
  inlinePolicies: NamedPolicy[]
  /** ARNs of attached managed policies (resolved through Inventory.managedPolicies) */
  managedPolicyArns: string[]
  /** group names (users only); groups are in Inventory.groups */
  groups: string[]
  permissionsBoundaryArn?: string
  /** roles only */
  trustPolicy?: PolicyDocument
  /** path /aws-service-role/: AWS's own, never a finding */
  serviceLinked: boolean
  breakGlass: boolean
  /** from the credential report; undefined when it was not collected */
  credentials?: Credentials
}

export interface Group {
  arn: string
  name: string
  accountId: string
  inlinePolicies: NamedPolicy[]
  managedPolicyArns: string[]
  source: string
}

// ---------------------------------------------------------------------------------------------
// Data and its recovery

export interface Database extends ResourceRef {
  kind: 'instance' | 'cluster'
  /** DBInstanceIdentifier or DBClusterIdentifier */
  identifier: string
  engine: string
  /** DbiResourceId / DbClusterResourceId: automated backups refer to it */
  resourceId?: string
  deletionProtection: boolean
  backupRetentionDays: number
  /** instances that belong to an Aurora cluster: judged by their cluster */
  clusterArn?: string
  /** clusters: their member instance ARNs */
  memberArns: string[]
  storageEncrypted: boolean
  kmsKeyArn?: string
  masterSecretArn?: string
  masterSecretKmsKeyArn?: string
  /** MasterUsername: whoever logs in as it can drop every table (spec §7 data-plane destruction) */
  masterUsername?: string
  /** IAMDatabaseAuthenticationEnabled: rds-db:connect tokens log in (as any user the policy names) */
  iamAuthentication?: boolean
  tags: Tags
  status: string
}

export type RecoveryPointKind =
  | 'rds-automated' // in-place automated backup of a live DB: dies with the DB by default
  | 'rds-automated-retained' // automated backup retained after the DB was deleted
  | 'rds-manual-snapshot' // manual DB or cluster snapshot, survives deletion
  | 'rds-awsbackup-snapshot' // snapshot created by AWS Backup (awsbackup:), survives
  | 'backup-recovery-point' // AWS Backup recovery point in a vault, of any resource type (RDS, S3, DynamoDB, ...)

/**
 * Recovery points only buckets and tables have (spec §8). They live in
 * `Inventory.storeRecoveryPoints`, apart from `recoveryPoints`, until the IAM engine's destruction
 * paths know every kind; `DataStore.recoveryPoints` holds both.
 */
export type StoreRecoveryPointKind =
  | 's3-replica' // an enabled replication rule's destination bucket: deletes of versions do not replicate
  | 'dynamodb-backup' // DynamoDB on-demand backup (list-backups: USER, AWS_BACKUP or SYSTEM), survives DeleteTable
  | 'dynamodb-pitr' // point-in-time recovery: deleting the table leaves a system backup for 35 days

export type AnyRecoveryPointKind = RecoveryPointKind | StoreRecoveryPointKind

export interface RecoveryPoint<K extends AnyRecoveryPointKind = RecoveryPointKind> {
  arn: string
  kind: K
  accountId: string
  region: string
  /**
   * The data store it restores (ARN), when known: a database, a bucket (`arn:aws:s3:::<name>`) or a
   * table. Named when only databases had recovery points; spec §8 widened it to every store.
   */
  sourceDbArn?: string
  createdAt?: string
  status: string
  /** AWS Backup vault holding it (backup-recovery-point only) */
  vaultArn?: string
  /**
   * Does it survive destroying its source with default settings: deleting the database or the
   * table, or destroying every object (and version) of the bucket?
   */
  survivesDbDeletion: boolean
  /** kept up to date continuously (S3 replication, DynamoDB PITR): as fresh as its source */
  continuous?: boolean
  /** list-backups BackupType of a dynamodb-backup */
  dynamodbBackupType?: 'USER' | 'AWS_BACKUP' | 'SYSTEM'
  /** s3-replica: the replication rule and where its copy lives */
  replica?: S3ReplicaDetail
  encrypted?: boolean
  kmsKeyArn?: string
  environment: EnvironmentDecision
  source: string
}

export interface S3ReplicaDetail {
  /** the replication rule's ID (absent when the rule has none) */
  ruleId?: string
  /** the source bucket's ARN */
  sourceBucketArn: string
  /** delete markers are replicated too (objects look deleted in the copy, versions stay) */
  deleteMarkerReplication: boolean
  /** the copy's account: of the destination bucket in this snapshot, the rule's
   *  Destination.Account, or, when neither says, assumed to be the source's */
  accountFrom: 'snapshot' | 'rule' | 'assumed'
  /** the copy's region: of the destination bucket in this snapshot, else assumed to be the source's */
  regionFrom: 'snapshot' | 'assumed'
}

export interface Vault extends ResourceRef {
  /** Vault Lock configured */
  locked: boolean
  /** past LockDate = compliance mode (immutable); absent = governance mode; future = grace period */
  lockDate?: string
  minRetentionDays?: number
  maxRetentionDays?: number
  /** access policy: null = the vault has none; undefined = not collected */
  accessPolicy?: PolicyDocument | null
  recoveryPointCount: number
  kmsKeyArn?: string
}

export interface BackupSelection {
  id: string
  name: string
  iamRoleArn: string
  resources: string[]
  notResources: string[]
  /** ListOfTags entries (OR'ed): {type: STRINGEQUALS, key, value} */
  listOfTags: { condition: string; key: string; value: string }[]
  /** Conditions (AND'ed): StringEquals/StringLike/... on aws:ResourceTag/<key> */
  conditions: { operator: string; key: string; value: string }[]
}

export interface BackupRule {
  name: string
  targetVaultName: string
  schedule?: string
  deleteAfterDays?: number
  copyActions: { destinationVaultArn: string; deleteAfterDays?: number }[]
}

export interface BackupPlan extends ResourceRef {
  id: string
  rules: BackupRule[]
  selections: BackupSelection[]
}

// ---------------------------------------------------------------------------------------------
// S3 buckets and DynamoDB tables (spec §8)

/** get-bucket-versioning Status; 'Off' = never enabled (the API answers {}) */
export type VersioningStatus = 'Enabled' | 'Suspended' | 'Off'

/** get-object-lock-configuration: the bucket's Object Lock and its default retention */
export interface ObjectLock {
  /** ObjectLockEnabled = Enabled */
  enabled: boolean
  /** default retention applied to every new object version; absent = objects are not locked unless a writer asks */
  defaultRetention?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; days?: number; years?: number }
}

export interface ReplicationRule {
  id?: string
  enabled: boolean
  /** Destination.Bucket: arn:aws:s3:::<name> */
  destinationBucketArn: string
  /** Destination.Account, when the rule names the destination's owner */
  destinationAccountId?: string
  deleteMarkerReplication: boolean
  /** true when a Filter or Prefix limits the rule to some objects */
  filtered: boolean
}

export interface LifecycleRule {
  id?: string
  enabled: boolean
  /** true when a Filter or Prefix limits the rule to some objects */
  filtered: boolean
  /** Expiration.Days / Date: current versions expire (deleted, or a delete marker when versioning is on) */
  expirationDays?: number
  expirationDate?: string
  /** NoncurrentVersionExpiration.NoncurrentDays: noncurrent versions are deleted for good */
  noncurrentVersionExpirationDays?: number
}

/** arn `arn:aws:s3:::<name>`; region is BucketRegion, else get-bucket-location, else 'global' (not known) */
export interface Bucket extends ResourceRef {
  createdAt?: string
  regionSource: 'list-buckets' | 'get-bucket-location' | 'unknown'
  /** undefined: not collected */
  versioning?: VersioningStatus
  /**
   * MFADelete Enabled: deleting a version or changing versioning needs the bucket owner's root user
   * with MFA (no IAM principal can), and lifecycle rules cannot be set (undefined: not collected)
   */
  mfaDelete?: boolean
  /** null: no Object Lock configuration; undefined: not collected */
  objectLock?: ObjectLock | null
  /** [] : no replication configuration; undefined: not collected */
  replication?: ReplicationRule[]
  replicationRoleArn?: string
  /** null: no bucket policy; undefined: not collected */
  policy?: PolicyDocument | null
  /** [] : no lifecycle configuration; undefined: not collected */
  lifecycle?: LifecycleRule[]
  tags: Tags
  /** the snapshot files (relative paths) each setting comes from, for locations and patches */
  files: Record<'location' | 'versioning' | 'objectLock' | 'replication' | 'policy' | 'lifecycle' | 'tagging', string>
}

export interface Table extends ResourceRef {
  tableId?: string
  status: string
  deletionProtection: boolean
  /** undefined: describe-continuous-backups not collected */
  pointInTimeRecovery?: { enabled: boolean; earliestRestorableAt?: string; latestRestorableAt?: string; recoveryPeriodDays?: number }
  /** 'aws-owned': DynamoDB's default key (no SSEDescription); 'kms': a KMS key, AWS-managed or the customer's (kmsKeyArn) */
  encryption: 'aws-owned' | 'kms'
  kmsKeyArn?: string
  tags: Tags
  /** the snapshot files (relative paths) each setting comes from */
  files: Record<'description' | 'continuousBackups' | 'tags', string>
}

/**
 * One read-only view of every data store of spec §8: a database (instance, or Aurora cluster;
 * members are judged by their cluster), a bucket or a table, with its environment, where it lives,
 * and every recovery point whose source it is. Built by `dataStores()` (src/inventory/stores.ts).
 */
export type DataStore = DatabaseStore | BucketStore | TableStore

interface DataStoreBase extends ResourceRef {
  /** every recovery point of the store, of every kind (surviving or not, usable or not) */
  recoveryPoints: RecoveryPoint<AnyRecoveryPointKind>[]
  /** other stores this one is a copy of (a replication destination bucket names its sources) */
  copyOf: string[]
}
export interface DatabaseStore extends DataStoreBase {
  store: 'database'
  database: Database
}
export interface BucketStore extends DataStoreBase {
  store: 'bucket'
  bucket: Bucket
}
export interface TableStore extends DataStoreBase {
  store: 'table'
  table: Table
}

export interface KmsAlias {
  aliasName: string
  targetKeyId?: string
  accountId: string
  region: string
}

export interface Secret extends ResourceRef {
  kmsKeyArn?: string
}

// ---------------------------------------------------------------------------------------------
// Organizations

export interface ServiceControlPolicy {
  id: string
  arn: string
  name: string
  document: PolicyDocument
  source: string
}

/** Effective SCP chain of one account: every level (root, OUs, account) must allow an action. */
export interface ScpChain {
  accountId: string
  /** outermost first; each level lists the policies attached there */
  levels: { targetId: string; policies: ServiceControlPolicy[] }[]
  /** false when the parent chain to the root is not fully known */
  complete: boolean
}

// ---------------------------------------------------------------------------------------------
// Workspace (local files scanned for tokens)

export type TokenType =
  | 'aws-access-key'
  | 'aws-session-token'
  | 'aws-secret-key' // an AWS secret access key with no key id beside it
  | 'database-url'
  | 'github-token'
  | 'railway-token'
  | 'stripe-live-key'
  | 'slack-token'
  | 'private-key'
  | 'named-secret'

export interface WorkspaceToken {
  type: TokenType
  /** the workspace root as given, and the file relative to it (posix separators) */
  workspace: string
  file: string
  line: number
  /** variable or key name it was assigned to, when there is one */
  name?: string
  /** first 4 characters of the secret, and the first 12 hex chars of its SHA-256 */
  preview: string
  fingerprint: string
  /** for aws-access-key: the access key id (public, not secret) */
  accessKeyId?: string
  /** for database-url: host and user, to compare across environments */
  dbHost?: string
  dbUser?: string
  environment: EnvironmentDecision
  /** CI job that uses it, when the file is a workflow */
  job?: string
  /** for aws-access-key: was its secret access key found beside it (a key id alone is not a credential) */
  hasSecret?: boolean
  /** why it was flagged, e.g. "known format ghp_" or "name DB_PASSWORD, entropy 3.9 bits/char"; never the value */
  detector?: string
}

export interface WorkspaceScan {
  roots: string[]
  filesScanned: number
  tokens: WorkspaceToken[]
  /** files not read, by reason (binary: NUL byte in the first 8 KiB; symlinks are never followed) */
  filesSkipped?: { binary: number; tooLarge: number; encoding?: number; symlink: number; unreadable: number; excluded: number }
  /** files a token could be in that were not searched: over the size limit, or text in an encoding not read */
  notSearched?: { workspace: string; file: string; reason: 'too-large' | 'encoding'; detail: string }[]
}

// ---------------------------------------------------------------------------------------------
// Coverage: what was not collected, so checks that need it say skipped rather than clean

export type { CollectionError, Gap, InventoryPart } from '../snapshot/types.js'
import type { CollectionError, Gap } from '../snapshot/types.js'

export interface Inventory {
  /** "now" for every time-based check: the snapshot's collectedAt */
  collectedAt: string
  source: { kind: 'snapshot' | 'aws'; path?: string; mode?: 'directory' | 'authorization-details' }
  accounts: Account[]
  principals: Principal[]
  groups: Group[]
  /** by ARN */
  managedPolicies: Map<string, ManagedPolicy>
  databases: Database[]
  buckets: Bucket[]
  tables: Table[]
  recoveryPoints: RecoveryPoint[]
  /** S3 replicas, DynamoDB on-demand backups and PITR (spec §8): see StoreRecoveryPointKind */
  storeRecoveryPoints: RecoveryPoint<StoreRecoveryPointKind>[]
  vaults: Vault[]
  backupPlans: BackupPlan[]
  kmsAliases: KmsAlias[]
  secrets: Secret[]
  scpChains: ScpChain[]
  /** the organization's account ids, when listed: accounts in neither this nor `accounts` are external */
  organizationAccountIds: string[]
  workspace?: WorkspaceScan
  /** what `bulkhead agent-check` found a process started here would inherit (spec §10) */
  agentCredentials?: import('./agent-types.js').AgentDiscovery
  gaps: Gap[]
  errors: CollectionError[]
}
