// The snapshot file table (spec §2, §8): every data file of snapshot format v1, once, with the AWS
// operation that writes it, how that operation pages, its schema, whether format v1 requires it,
// what its absence means and which inventory part it feeds. Everything that used to keep its own
// list reads this one: the reader (./read.ts), `bulkhead schema snapshot` (./schema-doc.ts), the
// live collector's call table (src/collect/calls.ts) and through it the read-only guard and
// `bulkhead policy`. A new service is one row per file plus a normalizer.
import type { InventoryPart } from './types.js'
import * as S from './schemas/index.js'

export type Service = 'sts' | 'iam' | 'organizations' | 'ec2' | 'rds' | 'backup' | 'kms' | 'secretsmanager' | 's3' | 'dynamodb'

/**
 * How the collector reads every page (as the CLI does by default) and merges them into the one
 * file: the list keys are concatenated, the tokens dropped. `limit` is the page size sent.
 */
export type Pagination =
  | { kind: 'single' }
  | { kind: 'pages'; inputToken: string; outputToken: string; listKeys: readonly string[]; limit?: { key: string; value: number } }

/**
 * What a file absent without an entry in the manifest's errors means:
 * - `required`: an input error (format v1 requires it);
 * - `not-collected`: the service or resource was not collected; checks that need it say skipped,
 *   and the scan is not partial;
 * - `none`: the API's NotFound answer, there is none (no policy, no lock, no rules, no tags).
 * A file named in errors is always "not collected" and makes the scan partial.
 */
export type Absence = 'required' | 'not-collected' | 'none'

export interface SnapshotFile {
  /** file name inside its folder; `<x>` stands for a per-resource name */
  name: string
  /** `<account-id>/global/` or `<account-id>/<region>/` */
  folder: 'global' | 'region'
  service: Service
  /** the API operation: the SDK command is `<operation>Command` */
  operation: string
  /** the IAM action that allows it: the operation's name, except where S3 names it otherwise */
  action: string
  /** once per account, per account and region, or once per organization (with --org) */
  scope: 'account' | 'region' | 'organization'
  pagination: Pagination
  /** fixed request parameters, so the file is what the CLI prints with the same flags */
  input?: Readonly<Record<string, string>>
  schema: object
  absence: Absence
  /** what absence means, in words (shown by `bulkhead schema snapshot`) */
  absent: string
  /** API error codes that mean "there is none": no file, and no error */
  notFound?: readonly string[]
  /** API error codes that mean "empty": the collector writes `body` instead of an error */
  emptyOn?: { codes: readonly string[]; body: object }
  part: InventoryPart
  why: string
}

const single = { kind: 'single' } as const
const pages = (inputToken: string, outputToken: string, listKeys: string[], limit?: [string, number]): Pagination => ({
  kind: 'pages', inputToken, outputToken, listKeys, ...(limit ? { limit: { key: limit[0], value: limit[1] } } : {}),
})
const REQUIRED = 'an input error: format v1 requires this file (or an errors entry saying why it was not collected)'
const NOT_COLLECTED = 'not collected: checks that need it are skipped (the scan is not partial)'

export const FILES = {
  // IAM, once per account
  iamAuthorizationDetails: {
    name: 'iam-get-account-authorization-details.json', folder: 'global', service: 'iam', operation: 'GetAccountAuthorizationDetails', action: 'iam:GetAccountAuthorizationDetails',
    scope: 'account', pagination: pages('Marker', 'Marker', ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'], ['MaxItems', 1000]),
    schema: S.authorizationDetailsSchema, absence: 'required', absent: REQUIRED, part: 'iam', why: 'users, groups, roles, policies in one paginated call',
  },
  iamCredentialReport: {
    name: 'iam-get-credential-report.json', folder: 'global', service: 'iam', operation: 'GetCredentialReport', action: 'iam:GetCredentialReport',
    scope: 'account', pagination: single, schema: S.credentialReportSchema, absence: 'required', absent: REQUIRED, part: 'credentialReport', why: 'root key, key ages and last use',
  },
  iamAccessKeys: {
    name: 'iam-list-access-keys--<user-name>.json', folder: 'global', service: 'iam', operation: 'ListAccessKeys', action: 'iam:ListAccessKeys',
    scope: 'account', pagination: pages('Marker', 'Marker', ['AccessKeyMetadata'], ['MaxItems', 1000]), schema: S.listAccessKeysSchema,
    absence: 'none', absent: "the user's key ids are not known (a key found in a workspace cannot be mapped to it)", part: 'iam', why: 'maps access key ids found in workspaces to their users',
  },

  // Organizations, once, in the caller's global/ (the reader takes them from any account's)
  organizationAccounts: {
    name: 'organizations-list-accounts.json', folder: 'global', service: 'organizations', operation: 'ListAccounts', action: 'organizations:ListAccounts',
    scope: 'organization', pagination: pages('NextToken', 'NextToken', ['Accounts'], ['MaxResults', 20]), schema: S.orgAccountsSchema,
    absence: 'none', absent: 'no organization: accounts outside the snapshot are external', part: 'organizations', why: 'the accounts to scan and which accounts are internal',
  },
  organizationTags: {
    name: 'organizations-list-tags-for-resource--<account-id>.json', folder: 'global', service: 'organizations', operation: 'ListTagsForResource', action: 'organizations:ListTagsForResource',
    scope: 'organization', pagination: pages('NextToken', 'NextToken', ['Tags']), schema: S.orgTagsSchema,
    absence: 'none', absent: 'the account has no Organizations tags', part: 'organizations', why: 'account Environment tags (spec §3 rule 4)',
  },
  organizationRoots: {
    name: 'organizations-list-roots.json', folder: 'global', service: 'organizations', operation: 'ListRoots', action: 'organizations:ListRoots',
    scope: 'organization', pagination: pages('NextToken', 'NextToken', ['Roots']), schema: S.orgRootsSchema,
    absence: 'none', absent: 'the top of the SCP chain is not known (inherited SCPs are incomplete)', part: 'organizations', why: 'top of the SCP inheritance chain',
  },
  organizationParents: {
    name: 'organizations-list-parents--<child-id>.json', folder: 'global', service: 'organizations', operation: 'ListParents', action: 'organizations:ListParents',
    scope: 'organization', pagination: pages('NextToken', 'NextToken', ['Parents']), schema: S.orgParentsSchema,
    absence: 'none', absent: 'the parent is not known (inherited SCPs are incomplete)', part: 'organizations', why: 'the OU chain from each account to the root',
  },
  organizationPoliciesForTarget: {
    name: 'organizations-list-policies-for-target--<target-id>.json', folder: 'global', service: 'organizations', operation: 'ListPoliciesForTarget', action: 'organizations:ListPoliciesForTarget',
    scope: 'organization', pagination: pages('NextToken', 'NextToken', ['Policies'], ['MaxResults', 20]), input: { Filter: 'SERVICE_CONTROL_POLICY' }, schema: S.orgPoliciesForTargetSchema,
    absence: 'none', absent: 'the SCPs attached there are not known (the chain is incomplete)', part: 'organizations',
    emptyOn: { codes: ['PolicyTypeNotEnabledException'], body: { Policies: [] } }, why: 'SCPs attached to the root, each OU and each account',
  },
  organizationPolicy: {
    name: 'organizations-describe-policy--<policy-id>.json', folder: 'global', service: 'organizations', operation: 'DescribePolicy', action: 'organizations:DescribePolicy',
    scope: 'organization', pagination: single, schema: S.orgDescribePolicySchema, absence: 'none', absent: 'the SCP document is not known (the chain is incomplete)', part: 'organizations', why: 'the SCP documents',
  },

  // RDS, per region
  rdsInstances: {
    name: 'rds-describe-db-instances.json', folder: 'region', service: 'rds', operation: 'DescribeDBInstances', action: 'rds:DescribeDBInstances',
    scope: 'region', pagination: pages('Marker', 'Marker', ['DBInstances'], ['MaxRecords', 100]), schema: S.dbInstancesSchema, absence: 'required', absent: REQUIRED, part: 'rds', why: 'databases, retention, deletion protection, keys',
  },
  rdsClusters: {
    name: 'rds-describe-db-clusters.json', folder: 'region', service: 'rds', operation: 'DescribeDBClusters', action: 'rds:DescribeDBClusters',
    scope: 'region', pagination: pages('Marker', 'Marker', ['DBClusters'], ['MaxRecords', 100]), schema: S.dbClustersSchema, absence: 'required', absent: REQUIRED, part: 'rds', why: 'Aurora clusters',
  },
  rdsSnapshots: {
    name: 'rds-describe-db-snapshots.json', folder: 'region', service: 'rds', operation: 'DescribeDBSnapshots', action: 'rds:DescribeDBSnapshots',
    scope: 'region', pagination: pages('Marker', 'Marker', ['DBSnapshots'], ['MaxRecords', 100]), schema: S.dbSnapshotsSchema, absence: 'required', absent: REQUIRED, part: 'rdsSnapshots', why: 'manual and copied snapshots that survive the instance',
  },
  rdsClusterSnapshots: {
    name: 'rds-describe-db-cluster-snapshots.json', folder: 'region', service: 'rds', operation: 'DescribeDBClusterSnapshots', action: 'rds:DescribeDBClusterSnapshots',
    scope: 'region', pagination: pages('Marker', 'Marker', ['DBClusterSnapshots'], ['MaxRecords', 100]), schema: S.dbClusterSnapshotsSchema, absence: 'required', absent: REQUIRED, part: 'rdsSnapshots', why: 'cluster snapshots',
  },
  rdsInstanceAutomatedBackups: {
    name: 'rds-describe-db-instance-automated-backups.json', folder: 'region', service: 'rds', operation: 'DescribeDBInstanceAutomatedBackups', action: 'rds:DescribeDBInstanceAutomatedBackups',
    scope: 'region', pagination: pages('Marker', 'Marker', ['DBInstanceAutomatedBackups'], ['MaxRecords', 100]), schema: S.dbInstanceAutomatedBackupsSchema,
    absence: 'required', absent: REQUIRED, part: 'rdsAutomatedBackups', why: 'retained and replicated automated backups',
  },
  rdsClusterAutomatedBackups: {
    name: 'rds-describe-db-cluster-automated-backups.json', folder: 'region', service: 'rds', operation: 'DescribeDBClusterAutomatedBackups', action: 'rds:DescribeDBClusterAutomatedBackups',
    scope: 'region', pagination: pages('Marker', 'Marker', ['DBClusterAutomatedBackups'], ['MaxRecords', 100]), schema: S.dbClusterAutomatedBackupsSchema,
    absence: 'not-collected', absent: 'not collected, which matters only where the region has clusters (only backups retained after a cluster was deleted live here)',
    part: 'rdsAutomatedBackups', why: 'retained cluster automated backups',
  },

  // AWS Backup, per region
  backupVaults: {
    name: 'backup-list-backup-vaults.json', folder: 'region', service: 'backup', operation: 'ListBackupVaults', action: 'backup:ListBackupVaults',
    scope: 'region', pagination: pages('NextToken', 'NextToken', ['BackupVaultList'], ['MaxResults', 1000]), schema: S.backupVaultsSchema, absence: 'required', absent: REQUIRED, part: 'backupVaults', why: 'vaults and their lock state',
  },
  backupVaultPolicy: {
    name: 'backup-get-backup-vault-access-policy--<vault-name>.json', folder: 'region', service: 'backup', operation: 'GetBackupVaultAccessPolicy', action: 'backup:GetBackupVaultAccessPolicy',
    scope: 'region', pagination: single, schema: S.vaultAccessPolicySchema, absence: 'none', absent: 'the vault has no access policy', notFound: ['ResourceNotFoundException'],
    part: 'backupVaultPolicies', why: 'whether the vault denies DeleteRecoveryPoint',
  },
  backupRecoveryPoints: {
    name: 'backup-list-recovery-points-by-backup-vault--<vault-name>.json', folder: 'region', service: 'backup', operation: 'ListRecoveryPointsByBackupVault', action: 'backup:ListRecoveryPointsByBackupVault',
    scope: 'region', pagination: pages('NextToken', 'NextToken', ['RecoveryPoints'], ['MaxResults', 1000]), schema: S.recoveryPointsSchema, absence: 'required', absent: REQUIRED,
    part: 'recoveryPoints', why: 'recovery points (of databases, buckets, tables) and their sources',
  },
  backupPlans: {
    name: 'backup-list-backup-plans.json', folder: 'region', service: 'backup', operation: 'ListBackupPlans', action: 'backup:ListBackupPlans',
    scope: 'region', pagination: pages('NextToken', 'NextToken', ['BackupPlansList'], ['MaxResults', 1000]), schema: S.backupPlansSchema, absence: 'required', absent: REQUIRED, part: 'backupPlans', why: 'backup plans',
  },
  backupPlan: {
    name: 'backup-get-backup-plan--<plan-id>.json', folder: 'region', service: 'backup', operation: 'GetBackupPlan', action: 'backup:GetBackupPlan',
    scope: 'region', pagination: single, schema: S.backupPlanSchema, absence: 'required', absent: REQUIRED, part: 'backupPlans', why: 'rules, schedules, copy actions',
  },
  backupSelections: {
    name: 'backup-list-backup-selections--<plan-id>.json', folder: 'region', service: 'backup', operation: 'ListBackupSelections', action: 'backup:ListBackupSelections',
    scope: 'region', pagination: pages('NextToken', 'NextToken', ['BackupSelectionsList'], ['MaxResults', 1000]), schema: S.backupSelectionsSchema, absence: 'required', absent: REQUIRED, part: 'backupPlans', why: 'selections of each plan',
  },
  backupSelection: {
    name: 'backup-get-backup-selection--<plan-id>--<selection-id>.json', folder: 'region', service: 'backup', operation: 'GetBackupSelection', action: 'backup:GetBackupSelection',
    scope: 'region', pagination: single, schema: S.backupSelectionSchema, absence: 'required', absent: REQUIRED, part: 'backupPlans', why: 'which resources a plan selects (ARNs, wildcards, tag conditions)',
  },

  // KMS and Secrets Manager, per region
  kmsAliases: {
    name: 'kms-list-aliases.json', folder: 'region', service: 'kms', operation: 'ListAliases', action: 'kms:ListAliases',
    scope: 'region', pagination: pages('Marker', 'NextMarker', ['Aliases'], ['Limit', 100]), schema: S.kmsAliasesSchema, absence: 'not-collected', absent: NOT_COLLECTED,
    part: 'kms', why: 'tells AWS-managed keys (alias/aws/rds) from customer keys that two environments share',
  },
  secrets: {
    name: 'secretsmanager-list-secrets.json', folder: 'region', service: 'secretsmanager', operation: 'ListSecrets', action: 'secretsmanager:ListSecrets',
    scope: 'region', pagination: pages('NextToken', 'NextToken', ['SecretList'], ['MaxResults', 100]), schema: S.secretsSchema, absence: 'not-collected', absent: NOT_COLLECTED,
    part: 'secrets', why: 'database secrets shared between environments (names, tags and keys only, never values)',
  },

  // S3, once per account whatever --regions says (spec §8); per-bucket calls go to the bucket's region
  s3Buckets: {
    name: 's3api-list-buckets.json', folder: 'global', service: 's3', operation: 'ListBuckets', action: 's3:ListAllMyBuckets',
    // no page size: without MaxBuckets S3 answers every bucket of an account at the default quota
    scope: 'account', pagination: pages('ContinuationToken', 'ContinuationToken', ['Buckets']), schema: S.s3ListBucketsSchema,
    absence: 'not-collected', absent: 'S3 was not collected: the S3 checks are skipped', part: 's3Buckets', why: 'the buckets of the account and their regions',
  },
  s3BucketLocation: {
    name: 's3api-get-bucket-location--<bucket>.json', folder: 'global', service: 's3', operation: 'GetBucketLocation', action: 's3:GetBucketLocation',
    scope: 'account', pagination: single, schema: S.s3BucketLocationSchema, absence: 'not-collected',
    absent: 'the region comes from BucketRegion in list-buckets; with neither, the region is not known', part: 's3Buckets', why: "a bucket's region when list-buckets does not say it",
  },
  s3BucketVersioning: {
    name: 's3api-get-bucket-versioning--<bucket>.json', folder: 'global', service: 's3', operation: 'GetBucketVersioning', action: 's3:GetBucketVersioning',
    scope: 'account', pagination: single, schema: S.s3BucketVersioningSchema, absence: 'not-collected', absent: `${NOT_COLLECTED}; {} in the file means never enabled`,
    part: 's3Versioning', why: 'versioning and MFA delete: whether deleting an object destroys it',
  },
  s3ObjectLock: {
    name: 's3api-get-object-lock-configuration--<bucket>.json', folder: 'global', service: 's3', operation: 'GetObjectLockConfiguration', action: 's3:GetBucketObjectLockConfiguration',
    scope: 'account', pagination: single, schema: S.s3ObjectLockSchema, absence: 'none', absent: 'the bucket has no Object Lock', notFound: ['ObjectLockConfigurationNotFoundError'],
    part: 's3ObjectLock', why: 'default retention: COMPLIANCE versions survive everyone, GOVERNANCE falls to BypassGovernanceRetention',
  },
  s3Replication: {
    name: 's3api-get-bucket-replication--<bucket>.json', folder: 'global', service: 's3', operation: 'GetBucketReplication', action: 's3:GetReplicationConfiguration',
    scope: 'account', pagination: single, schema: S.s3ReplicationSchema, absence: 'none', absent: 'the bucket is not replicated', notFound: ['ReplicationConfigurationNotFoundError'],
    part: 's3Replication', why: 'replicas in other buckets and accounts: the copies that survive the bucket',
  },
  s3BucketPolicy: {
    name: 's3api-get-bucket-policy--<bucket>.json', folder: 'global', service: 's3', operation: 'GetBucketPolicy', action: 's3:GetBucketPolicy',
    scope: 'account', pagination: single, schema: S.s3BucketPolicySchema, absence: 'none', absent: 'the bucket has no policy', notFound: ['NoSuchBucketPolicy'],
    part: 's3Policies', why: 'whether the bucket denies version deletion and lifecycle changes',
  },
  s3Lifecycle: {
    name: 's3api-get-bucket-lifecycle-configuration--<bucket>.json', folder: 'global', service: 's3', operation: 'GetBucketLifecycleConfiguration', action: 's3:GetLifecycleConfiguration',
    scope: 'account', pagination: single, schema: S.s3LifecycleSchema, absence: 'none', absent: 'the bucket has no lifecycle rules', notFound: ['NoSuchLifecycleConfiguration'],
    part: 's3Lifecycle', why: 'expiration rules that destroy objects and noncurrent versions',
  },
  s3BucketTagging: {
    name: 's3api-get-bucket-tagging--<bucket>.json', folder: 'global', service: 's3', operation: 'GetBucketTagging', action: 's3:GetBucketTagging',
    scope: 'account', pagination: single, schema: S.s3BucketTaggingSchema, absence: 'none', absent: 'the bucket has no tags', notFound: ['NoSuchTagSet'],
    part: 's3Buckets', why: "a bucket's Environment tag (spec §3 rule 2)",
  },

  // DynamoDB, per region
  dynamodbTables: {
    name: 'dynamodb-list-tables.json', folder: 'region', service: 'dynamodb', operation: 'ListTables', action: 'dynamodb:ListTables',
    scope: 'region', pagination: pages('ExclusiveStartTableName', 'LastEvaluatedTableName', ['TableNames'], ['Limit', 100]), schema: S.dynamodbListTablesSchema,
    absence: 'not-collected', absent: 'DynamoDB was not collected in this region: the DynamoDB checks are skipped', part: 'dynamodbTables', why: 'the tables of the region',
  },
  dynamodbTable: {
    name: 'dynamodb-describe-table--<table>.json', folder: 'region', service: 'dynamodb', operation: 'DescribeTable', action: 'dynamodb:DescribeTable',
    scope: 'region', pagination: single, schema: S.dynamodbDescribeTableSchema, absence: 'not-collected', absent: NOT_COLLECTED,
    // a table deleted between ListTables and DescribeTable is gone, not a failure
    notFound: ['ResourceNotFoundException'], part: 'dynamodbTables', why: 'ARN, status, deletion protection, encryption key',
  },
  dynamodbContinuousBackups: {
    name: 'dynamodb-describe-continuous-backups--<table>.json', folder: 'region', service: 'dynamodb', operation: 'DescribeContinuousBackups', action: 'dynamodb:DescribeContinuousBackups',
    scope: 'region', pagination: single, schema: S.dynamodbContinuousBackupsSchema, absence: 'not-collected', absent: NOT_COLLECTED,
    notFound: ['TableNotFoundException'], part: 'dynamodbPitr', why: 'point-in-time recovery: the system backup a deleted table leaves',
  },
  dynamodbBackups: {
    name: 'dynamodb-list-backups.json', folder: 'region', service: 'dynamodb', operation: 'ListBackups', action: 'dynamodb:ListBackups',
    // as `aws dynamodb list-backups --backup-type ALL`: without it DynamoDB lists only USER backups
    scope: 'region', pagination: pages('ExclusiveStartBackupArn', 'LastEvaluatedBackupArn', ['BackupSummaries']), input: { BackupType: 'ALL' },
    schema: S.dynamodbListBackupsSchema, absence: 'not-collected', absent: NOT_COLLECTED, part: 'dynamodbBackups', why: 'on-demand backups (USER, AWS_BACKUP, SYSTEM) of every table of the region',
  },
  dynamodbTags: {
    name: 'dynamodb-list-tags-of-resource--<table>.json', folder: 'region', service: 'dynamodb', operation: 'ListTagsOfResource', action: 'dynamodb:ListTagsOfResource',
    scope: 'region', pagination: pages('NextToken', 'NextToken', ['Tags']), schema: S.dynamodbTagsSchema, absence: 'none', absent: 'the table has no tags',
    notFound: ['ResourceNotFoundException'], part: 'dynamodbTables', why: "a table's Environment tag (spec §3 rule 2)",
  },
} as const satisfies Record<string, SnapshotFile>

export type FileId = keyof typeof FILES

/** Every row, in table order. */
export const SNAPSHOT_FILES: readonly SnapshotFile[] = Object.values(FILES)

/**
 * The path of one file, relative to the snapshot: `<account>/<global|region>/<name>` with each
 * `<x>` of the name replaced by the next of `names`.
 */
export function pathOf(file: SnapshotFile, account: string, region: string, ...names: string[]): string {
  let i = 0
  const name = file.name.replace(/<[^>]+>/g, () => names[i++] ?? '')
  return `${account}/${file.folder === 'global' ? 'global' : region}/${name}`
}

/** The path pattern of a row, as spec §2 writes it: `<account-id>/<region>/rds-describe-db-instances.json`. */
export function patternOf(file: SnapshotFile): string {
  return `<account-id>/${file.folder === 'global' ? 'global' : '<region>'}/${file.name}`
}

/** Rows that feed `part`. */
export const filesOf = (part: InventoryPart): SnapshotFile[] => SNAPSHOT_FILES.filter((f) => f.part === part)

/**
 * What reading a part takes besides its own files: the listing that names its resources, and the
 * data its normalizer classifies by (principals come from the authorization details, a recovery
 * point takes its environment from its source store). A live scan of some parts collects these too.
 */
const PART_DEPENDS: Partial<Record<InventoryPart, readonly InventoryPart[]>> = {
  credentialReport: ['iam'],
  rdsSnapshots: ['rds'],
  rdsAutomatedBackups: ['rds'],
  backupVaultPolicies: ['backupVaults'],
  recoveryPoints: ['backupVaults', 'rds', 's3Buckets', 'dynamodbTables'],
  s3Versioning: ['s3Buckets'],
  s3ObjectLock: ['s3Buckets'],
  s3Replication: ['s3Buckets'],
  s3Policies: ['s3Buckets'],
  s3Lifecycle: ['s3Buckets'],
  dynamodbPitr: ['dynamodbTables'],
  dynamodbBackups: ['dynamodbTables'],
}

/** `parts` with everything they depend on; undefined (everything) stays undefined. */
export function partsToCollect(parts: readonly InventoryPart[] | undefined): InventoryPart[] | undefined {
  if (parts === undefined) return undefined
  const out = new Set<InventoryPart>()
  const add = (p: InventoryPart) => {
    if (out.has(p)) return
    out.add(p)
    for (const d of PART_DEPENDS[p] ?? []) add(d)
  }
  parts.forEach(add)
  return [...out]
}

/** get-bucket-location's LocationConstraint: null (or absent, or "") is us-east-1, EU is eu-west-1. */
export function regionOfLocation(constraint: string | null | undefined): string {
  if (!constraint) return 'us-east-1'
  return constraint === 'EU' ? 'eu-west-1' : constraint
}
