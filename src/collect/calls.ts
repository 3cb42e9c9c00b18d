// The call table: every AWS operation the live collector may send, and nothing else. Three
// things derive from it so they cannot drift apart: the guard's allow-list (src/collect/guard.ts),
// the IAM policy `bulkhead policy` prints, and which calls a scan of some inventory parts makes.
import type { InventoryPart } from '../snapshot/types.js'

export type Service = 'sts' | 'iam' | 'organizations' | 'ec2' | 'rds' | 'backup' | 'kms' | 'secretsmanager'

/**
 * `session`: once per scan or per account to know who and where we are;
 * `account`: once per account (global services); `region`: once per account and region;
 * `organization`: once, from the management account, with `--org`.
 */
export type CallScope = 'session' | 'account' | 'region' | 'organization'

export interface Call {
  service: Service
  /** the API operation; for these services the IAM action has the same name */
  operation: string
  scope: CallScope
  /** which inventory part needs it; undefined = always made (identity, account name, regions) */
  part?: InventoryPart
  /** the snapshot file it writes (spec §2), `<x>` for a per-resource name */
  file?: string
  why: string
}

export const CALLS: readonly Call[] = [
  { service: 'sts', operation: 'GetCallerIdentity', scope: 'session', why: 'the account id of the credentials (and a cheap check that an assumed role works); agent-check --aws also signs it with each static key found, to learn whose it is (src/collect/identity.ts)' },
  { service: 'sts', operation: 'AssumeRole', scope: 'organization', why: 'with --org, read-only sessions in member accounts; sent by the credential provider, never to write' },
  { service: 'ec2', operation: 'DescribeRegions', scope: 'account', why: '--regions all: the regions enabled for the account (opt-in regions that are off would only fail)' },
  { service: 'iam', operation: 'ListAccountAliases', scope: 'account', why: 'the account name in the manifest when there is no organization' },
  { service: 'iam', operation: 'GetAccountAuthorizationDetails', scope: 'account', part: 'iam', file: 'iam-get-account-authorization-details.json', why: 'users, groups, roles, policies in one paginated call' },
  { service: 'iam', operation: 'ListAccessKeys', scope: 'account', part: 'iam', file: 'iam-list-access-keys--<user>.json', why: 'maps access key ids found in workspaces to their users' },
  { service: 'iam', operation: 'GenerateCredentialReport', scope: 'account', part: 'credentialReport', why: 'the credential report must be generated before it can be read' },
  { service: 'iam', operation: 'GetCredentialReport', scope: 'account', part: 'credentialReport', file: 'iam-get-credential-report.json', why: 'root key, key ages and last use' },
  { service: 'organizations', operation: 'ListAccounts', scope: 'organization', part: 'organizations', file: 'organizations-list-accounts.json', why: 'the accounts to scan and which accounts are internal' },
  { service: 'organizations', operation: 'ListTagsForResource', scope: 'organization', part: 'organizations', file: 'organizations-list-tags-for-resource--<account>.json', why: 'account Environment tags (spec §3 rule 4)' },
  { service: 'organizations', operation: 'ListRoots', scope: 'organization', part: 'organizations', file: 'organizations-list-roots.json', why: 'top of the SCP inheritance chain' },
  { service: 'organizations', operation: 'ListParents', scope: 'organization', part: 'organizations', file: 'organizations-list-parents--<child>.json', why: 'the OU chain from each account to the root' },
  { service: 'organizations', operation: 'ListPoliciesForTarget', scope: 'organization', part: 'organizations', file: 'organizations-list-policies-for-target--<target>.json', why: 'SCPs attached to the root, each OU and each account' },
  { service: 'organizations', operation: 'DescribePolicy', scope: 'organization', part: 'organizations', file: 'organizations-describe-policy--<policy>.json', why: 'the SCP documents' },
  { service: 'rds', operation: 'DescribeDBInstances', scope: 'region', part: 'rds', file: 'rds-describe-db-instances.json', why: 'databases, retention, deletion protection, keys' },
  { service: 'rds', operation: 'DescribeDBClusters', scope: 'region', part: 'rds', file: 'rds-describe-db-clusters.json', why: 'Aurora clusters' },
  { service: 'rds', operation: 'DescribeDBSnapshots', scope: 'region', part: 'rdsSnapshots', file: 'rds-describe-db-snapshots.json', why: 'manual and copied snapshots that survive the instance' },
  { service: 'rds', operation: 'DescribeDBClusterSnapshots', scope: 'region', part: 'rdsSnapshots', file: 'rds-describe-db-cluster-snapshots.json', why: 'cluster snapshots' },
  { service: 'rds', operation: 'DescribeDBInstanceAutomatedBackups', scope: 'region', part: 'rdsAutomatedBackups', file: 'rds-describe-db-instance-automated-backups.json', why: 'retained and replicated automated backups' },
  { service: 'rds', operation: 'DescribeDBClusterAutomatedBackups', scope: 'region', part: 'rdsAutomatedBackups', file: 'rds-describe-db-cluster-automated-backups.json', why: 'retained cluster automated backups' },
  { service: 'backup', operation: 'ListBackupVaults', scope: 'region', part: 'backupVaults', file: 'backup-list-backup-vaults.json', why: 'vaults and their lock state' },
  { service: 'backup', operation: 'GetBackupVaultAccessPolicy', scope: 'region', part: 'backupVaultPolicies', file: 'backup-get-backup-vault-access-policy--<vault>.json', why: 'whether the vault denies DeleteRecoveryPoint' },
  { service: 'backup', operation: 'ListRecoveryPointsByBackupVault', scope: 'region', part: 'recoveryPoints', file: 'backup-list-recovery-points-by-backup-vault--<vault>.json', why: 'recovery points and their source databases' },
  { service: 'backup', operation: 'ListBackupPlans', scope: 'region', part: 'backupPlans', file: 'backup-list-backup-plans.json', why: 'backup plans' },
  { service: 'backup', operation: 'GetBackupPlan', scope: 'region', part: 'backupPlans', file: 'backup-get-backup-plan--<plan>.json', why: 'rules, schedules, copy actions' },
  { service: 'backup', operation: 'ListBackupSelections', scope: 'region', part: 'backupPlans', file: 'backup-list-backup-selections--<plan>.json', why: 'selections of each plan' },
  { service: 'backup', operation: 'GetBackupSelection', scope: 'region', part: 'backupPlans', file: 'backup-get-backup-selection--<plan>--<selection>.json', why: 'which resources a plan selects (ARNs, wildcards, tag conditions)' },
  { service: 'kms', operation: 'ListAliases', scope: 'region', part: 'kms', file: 'kms-list-aliases.json', why: 'tells AWS-managed keys (alias/aws/rds) from customer keys that two environments share' },
  { service: 'secretsmanager', operation: 'ListSecrets', scope: 'region', part: 'secrets', file: 'secretsmanager-list-secrets.json', why: 'database secrets shared between environments (names, tags and keys only, never values)' },
]

/** The IAM action of a call; for every service in the table it is `<service>:<Operation>`. */
export const actionOf = (c: Pick<Call, 'service' | 'operation'>): string => `${c.service}:${c.operation}`

/**
 * Read-only by name: what spec §6 lets the collector send. AssumeRole is the one exception in the
 * table: it returns credentials and changes nothing in the target account.
 */
export function isReadOnlyOperation(operation: string): boolean {
  return /^(List|Get|Describe)[A-Z]/.test(operation) || operation === 'GenerateCredentialReport' || operation === 'AssumeRole'
}

/** `service:Operation` strings the guard lets through: the table, and only its read-only names. */
export function allowedActions(): ReadonlySet<string> {
  return new Set(CALLS.filter((c) => isReadOnlyOperation(c.operation)).map(actionOf))
}

/** The calls a scan makes for the requested parts (all parts when undefined). */
export function callsFor(parts: readonly InventoryPart[] | undefined): Call[] {
  return CALLS.filter((c) => c.part === undefined || parts === undefined || parts.includes(c.part))
}

/** Whether the collector should make calls feeding `part`. */
export function wants(parts: readonly InventoryPart[] | undefined, part: InventoryPart): boolean {
  return parts === undefined || parts.includes(part)
}
