// `bulkhead schema snapshot`: the manifest's schema, with every data file's schema under
// definitions keyed by its path pattern (spec §2).
import * as S from './schemas/index.js'

const FILES: Record<string, object> = {
  '<account-id>/global/iam-get-account-authorization-details.json': S.authorizationDetailsSchema,
  '<account-id>/global/iam-get-credential-report.json': S.credentialReportSchema,
  '<account-id>/global/iam-list-access-keys--<user-name>.json': S.listAccessKeysSchema,
  '<account-id>/global/organizations-list-accounts.json': S.orgAccountsSchema,
  '<account-id>/global/organizations-list-tags-for-resource--<account-id>.json': S.orgTagsSchema,
  '<account-id>/global/organizations-list-roots.json': S.orgRootsSchema,
  '<account-id>/global/organizations-list-parents--<child-id>.json': S.orgParentsSchema,
  '<account-id>/global/organizations-list-policies-for-target--<target-id>.json': S.orgPoliciesForTargetSchema,
  '<account-id>/global/organizations-describe-policy--<policy-id>.json': S.orgDescribePolicySchema,
  '<account-id>/<region>/rds-describe-db-instances.json': S.dbInstancesSchema,
  '<account-id>/<region>/rds-describe-db-clusters.json': S.dbClustersSchema,
  '<account-id>/<region>/rds-describe-db-snapshots.json': S.dbSnapshotsSchema,
  '<account-id>/<region>/rds-describe-db-cluster-snapshots.json': S.dbClusterSnapshotsSchema,
  '<account-id>/<region>/rds-describe-db-instance-automated-backups.json': S.dbInstanceAutomatedBackupsSchema,
  '<account-id>/<region>/rds-describe-db-cluster-automated-backups.json': S.dbClusterAutomatedBackupsSchema,
  '<account-id>/<region>/backup-list-backup-vaults.json': S.backupVaultsSchema,
  '<account-id>/<region>/backup-get-backup-vault-access-policy--<vault-name>.json': S.vaultAccessPolicySchema,
  '<account-id>/<region>/backup-list-recovery-points-by-backup-vault--<vault-name>.json': S.recoveryPointsSchema,
  '<account-id>/<region>/backup-list-backup-plans.json': S.backupPlansSchema,
  '<account-id>/<region>/backup-get-backup-plan--<plan-id>.json': S.backupPlanSchema,
  '<account-id>/<region>/backup-list-backup-selections--<plan-id>.json': S.backupSelectionsSchema,
  '<account-id>/<region>/backup-get-backup-selection--<plan-id>--<selection-id>.json': S.backupSelectionSchema,
  '<account-id>/<region>/kms-list-aliases.json': S.kmsAliasesSchema,
  '<account-id>/<region>/secretsmanager-list-secrets.json': S.secretsSchema,
}

export function snapshotSchema(): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://bulkhead.dev/schema/snapshot.json',
    title: 'bulkhead snapshot format v1: snapshot.json (the manifest); data files are under definitions, keyed by path',
    ...S.manifestSchema,
    definitions: FILES,
  }
}
