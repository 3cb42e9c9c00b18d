// RDS and AWS Backup: databases, their recovery points, vaults and plans.
import type { RawRegion } from '../snapshot/raw.js'
import { classifyResource, type EnvironmentConfig } from './environment.js'
import { tagsOf } from './normalize-iam.js'
import { parsePolicyDocument } from './policy.js'
import type { Account, AnyRecoveryPointKind, BackupPlan, BackupSelection, Database, EnvironmentDecision, KmsAlias, RecoveryPoint, RecoveryPointKind, Secret, Vault } from './types.js'

export interface DataContext {
  environments: EnvironmentConfig
  account: Account
  display(path: string): string
}

const file = (c: DataContext, region: string, name: string) => `${c.account.id}/${region}/${name}.json`

export function normalizeDatabases(c: DataContext, r: RawRegion): Database[] {
  const dbs: Database[] = []
  const id = c.account.id
  for (const d of r.dbInstances ?? []) {
    const tags = tagsOf(d.TagList)
    dbs.push({
      arn: d.DBInstanceArn, type: 'AWS::RDS::DBInstance', accountId: id, region: r.region, name: d.DBInstanceIdentifier,
      environment: classifyResource(c.environments, { arn: d.DBInstanceArn, name: d.DBInstanceIdentifier, tags }, c.account),
      source: file(c, r.region, 'rds-describe-db-instances'), kind: 'instance', identifier: d.DBInstanceIdentifier,
      engine: d.Engine, ...(d.DbiResourceId ? { resourceId: d.DbiResourceId } : {}),
      deletionProtection: d.DeletionProtection ?? false, backupRetentionDays: d.BackupRetentionPeriod ?? 0,
      ...(d.DBClusterIdentifier ? { clusterArn: `arn:aws:rds:${r.region}:${id}:cluster:${d.DBClusterIdentifier}` } : {}),
      memberArns: [], storageEncrypted: d.StorageEncrypted ?? false,
      ...(d.KmsKeyId ? { kmsKeyArn: d.KmsKeyId } : {}),
      ...(d.MasterUserSecret ? { masterSecretArn: d.MasterUserSecret.SecretArn, ...(d.MasterUserSecret.KmsKeyId ? { masterSecretKmsKeyArn: d.MasterUserSecret.KmsKeyId } : {}) } : {}),
      ...(d.MasterUsername ? { masterUsername: d.MasterUsername } : {}), iamAuthentication: d.IAMDatabaseAuthenticationEnabled ?? false,
      tags, status: d.DBInstanceStatus ?? 'unknown',
    })
  }
  for (const d of r.dbClusters ?? []) {
    const tags = tagsOf(d.TagList)
    dbs.push({
      arn: d.DBClusterArn, type: 'AWS::RDS::DBCluster', accountId: id, region: r.region, name: d.DBClusterIdentifier,
      environment: classifyResource(c.environments, { arn: d.DBClusterArn, name: d.DBClusterIdentifier, tags }, c.account),
      source: file(c, r.region, 'rds-describe-db-clusters'), kind: 'cluster', identifier: d.DBClusterIdentifier,
      engine: d.Engine, ...(d.DbClusterResourceId ? { resourceId: d.DbClusterResourceId } : {}),
      deletionProtection: d.DeletionProtection ?? false, backupRetentionDays: d.BackupRetentionPeriod ?? 0,
      memberArns: (d.DBClusterMembers ?? []).map((m) => `arn:aws:rds:${r.region}:${id}:db:${m.DBInstanceIdentifier}`),
      storageEncrypted: d.StorageEncrypted ?? false, ...(d.KmsKeyId ? { kmsKeyArn: d.KmsKeyId } : {}),
      ...(d.MasterUserSecret ? { masterSecretArn: d.MasterUserSecret.SecretArn, ...(d.MasterUserSecret.KmsKeyId ? { masterSecretKmsKeyArn: d.MasterUserSecret.KmsKeyId } : {}) } : {}),
      ...(d.MasterUsername ? { masterUsername: d.MasterUsername } : {}), iamAuthentication: d.IAMDatabaseAuthenticationEnabled ?? false,
      tags, status: d.Status ?? 'unknown',
    })
  }
  return dbs
}

/** A data store a recovery point can restore, as far as its environment goes. */
export interface SourceStore {
  arn: string
  name: string
  noun: 'database' | 'bucket' | 'table'
  environment: EnvironmentDecision
}

const storeOf = (db: Database): SourceStore => ({ arn: db.arn, name: db.name, noun: 'database', environment: db.environment })

/**
 * Resolves which store a recovery point restores: a database by resource id (kept across
 * copies), then by identifier; an AWS Backup point of any store by its ResourceArn.
 */
export interface SourceIndex {
  byResourceId: Map<string, Database>
  byArn: Map<string, Database>
  /** every store (databases, buckets, tables) by ARN */
  stores: Map<string, SourceStore>
}

export function sourceIndex(dbs: Database[], others: SourceStore[] = []): SourceIndex {
  return {
    byResourceId: new Map(dbs.filter((d) => d.resourceId).map((d) => [d.resourceId!, d])),
    byArn: new Map(dbs.map((d) => [d.arn, d])),
    stores: new Map([...dbs.map(storeOf), ...others].map((st) => [st.arn, st])),
  }
}

export type PendingPoint<K extends AnyRecoveryPointKind = RecoveryPointKind> = Omit<RecoveryPoint<K>, 'environment'> & { sourceStore?: SourceStore }

export function normalizeRecoveryPoints(c: DataContext, r: RawRegion, idx: SourceIndex): PendingPoint[] {
  const id = c.account.id
  const out: PendingPoint[] = []
  const bySource = (resourceId: string | undefined, arn: string | undefined) =>
    (resourceId ? idx.byResourceId.get(resourceId) : undefined) ?? (arn ? idx.byArn.get(arn) : undefined)
  const instanceArn = (ident?: string) => (ident ? `arn:aws:rds:${r.region}:${id}:db:${ident}` : undefined)
  const clusterArn = (ident?: string) => (ident ? `arn:aws:rds:${r.region}:${id}:cluster:${ident}` : undefined)
  const snapshotKind = (t: string): RecoveryPoint['kind'] =>
    t === 'automated' ? 'rds-automated' : t === 'awsbackup' ? 'rds-awsbackup-snapshot' : 'rds-manual-snapshot'

  for (const s of r.dbSnapshots ?? []) {
    const db = bySource(s.DbiResourceId, instanceArn(s.DBInstanceIdentifier))
    const kind = snapshotKind(s.SnapshotType)
    out.push({
      arn: s.DBSnapshotArn, kind, accountId: id, region: r.region, ...(db ? { sourceStore: storeOf(db) } : {}),
      ...(db || s.DBInstanceIdentifier ? { sourceDbArn: db?.arn ?? instanceArn(s.DBInstanceIdentifier) } : {}),
      ...(s.SnapshotCreateTime ? { createdAt: s.SnapshotCreateTime } : {}),
      status: s.Status ?? 'unknown', survivesDbDeletion: kind !== 'rds-automated',
      ...(s.Encrypted !== undefined ? { encrypted: s.Encrypted } : {}), ...(s.KmsKeyId ? { kmsKeyArn: s.KmsKeyId } : {}),
      source: file(c, r.region, 'rds-describe-db-snapshots'),
    })
  }
  for (const s of r.dbClusterSnapshots ?? []) {
    const db = bySource(s.DbClusterResourceId, clusterArn(s.DBClusterIdentifier))
    const kind = snapshotKind(s.SnapshotType)
    out.push({
      arn: s.DBClusterSnapshotArn, kind, accountId: id, region: r.region, ...(db ? { sourceStore: storeOf(db) } : {}),
      ...(db || s.DBClusterIdentifier ? { sourceDbArn: db?.arn ?? clusterArn(s.DBClusterIdentifier) } : {}),
      ...(s.SnapshotCreateTime ? { createdAt: s.SnapshotCreateTime } : {}),
      status: s.Status ?? 'unknown', survivesDbDeletion: kind !== 'rds-automated',
      ...(s.StorageEncrypted !== undefined ? { encrypted: s.StorageEncrypted } : {}), ...(s.KmsKeyId ? { kmsKeyArn: s.KmsKeyId } : {}),
      source: file(c, r.region, 'rds-describe-db-cluster-snapshots'),
    })
  }
  // Automated backups: 'active' ones die with the DB by default (spec §7); 'retained' ones
  // already outlived a deleted DB.
  const automated = [
    ...(r.automatedBackups ?? []).map((b) => ({ arn: b.DBInstanceAutomatedBackupsArn, source: b.DBInstanceArn ?? instanceArn(b.DBInstanceIdentifier), rid: b.DbiResourceId, b, file: 'rds-describe-db-instance-automated-backups' })),
    ...(r.clusterAutomatedBackups ?? []).map((b) => ({ arn: b.DBClusterAutomatedBackupsArn, source: b.DBClusterArn, rid: b.DbClusterResourceId, b, file: 'rds-describe-db-cluster-automated-backups' })),
  ]
  for (const { arn, source, rid, b, file: f } of automated) {
    const db = bySource(rid, source)
    const retained = b.Status === 'retained'
    out.push({
      arn: arn ?? `${source}:automated-backups`, kind: retained ? 'rds-automated-retained' : 'rds-automated',
      accountId: id, region: r.region, ...(db ? { sourceStore: storeOf(db) } : {}), sourceDbArn: db?.arn ?? source,
      ...(b.RestoreWindow?.LatestTime ? { createdAt: b.RestoreWindow.LatestTime } : {}),
      // an automated backup is restorable while it is active or retained
      status: ['active', 'retained'].includes(b.Status) ? 'available' : b.Status,
      survivesDbDeletion: retained, ...(b.KmsKeyId ? { kmsKeyArn: b.KmsKeyId } : {}),
      source: file(c, r.region, f),
    })
  }
  for (const v of r.vaults ?? []) {
    for (const p of v.recoveryPoints ?? []) {
      // a database, bucket or table (ResourceType RDS, Aurora, S3, DynamoDB, ...)
      const store = idx.stores.get(p.ResourceArn)
      out.push({
        arn: p.RecoveryPointArn, kind: 'backup-recovery-point', accountId: id, region: r.region, ...(store ? { sourceStore: store } : {}),
        sourceDbArn: p.ResourceArn, ...(p.CreationDate ? { createdAt: p.CreationDate } : {}), status: p.Status,
        vaultArn: p.BackupVaultArn ?? v.vault.BackupVaultArn, survivesDbDeletion: true,
        ...(p.IsEncrypted !== undefined ? { encrypted: p.IsEncrypted } : {}), ...(p.EncryptionKeyArn ? { kmsKeyArn: p.EncryptionKeyArn } : {}),
        source: v.recoveryPointsFile,
      })
    }
  }
  return out
}

/** Recovery points take their environment from config, then their source store, then their account. */
export function classifyRecoveryPoint<K extends AnyRecoveryPointKind>(environments: EnvironmentConfig, p: PendingPoint<K>, account: Account | undefined): RecoveryPoint<K> {
  const { sourceStore: source, ...point } = p
  const byConfig = classifyResource(environments, { arn: p.arn }, undefined)
  let environment: EnvironmentDecision
  if (byConfig.rule === 'config-arn') environment = byConfig
  else if (source && source.environment.environment !== 'unknown') environment = { ...source.environment, detail: `source ${source.noun} ${source.name}: ${source.environment.detail}` }
  else environment = classifyResource(environments, { arn: p.arn }, account)
  return { ...point, environment } as RecoveryPoint<K>
}

export function normalizeVaults(c: DataContext, r: RawRegion): Vault[] {
  return (r.vaults ?? []).map((v) => {
    const x = v.vault
    return {
      arn: x.BackupVaultArn, type: 'AWS::Backup::BackupVault', accountId: c.account.id, region: r.region, name: x.BackupVaultName,
      environment: classifyResource(c.environments, { arn: x.BackupVaultArn, name: x.BackupVaultName }, c.account),
      source: v.file, locked: x.Locked ?? false, ...(x.LockDate ? { lockDate: x.LockDate } : {}),
      ...(x.MinRetentionDays !== undefined ? { minRetentionDays: x.MinRetentionDays } : {}),
      ...(x.MaxRetentionDays !== undefined ? { maxRetentionDays: x.MaxRetentionDays } : {}),
      accessPolicy: v.policy === undefined ? undefined : v.policy === null ? null : parsePolicyDocument(v.policy, c.display(v.policyFile), '$.Policy'),
      recoveryPointCount: v.recoveryPoints?.length ?? x.NumberOfRecoveryPoints ?? 0,
      ...(x.EncryptionKeyArn ? { kmsKeyArn: x.EncryptionKeyArn } : {}),
    }
  })
}

export function normalizePlans(c: DataContext, r: RawRegion): BackupPlan[] {
  return (r.plans ?? []).flatMap(({ id, plan, file: f, selections }) => {
    if (!plan) return []
    const arn = plan.BackupPlanArn ?? `arn:aws:backup:${r.region}:${c.account.id}:backup-plan:${id}`
    const name = plan.BackupPlan.BackupPlanName
    return [{
      arn, type: 'AWS::Backup::BackupPlan', accountId: c.account.id, region: r.region, name, id, source: f,
      environment: classifyResource(c.environments, { arn, name }, c.account),
      rules: plan.BackupPlan.Rules.map((rule) => ({
        name: rule.RuleName, targetVaultName: rule.TargetBackupVaultName,
        ...(rule.ScheduleExpression ? { schedule: rule.ScheduleExpression } : {}),
        ...(rule.Lifecycle?.DeleteAfterDays !== undefined ? { deleteAfterDays: rule.Lifecycle.DeleteAfterDays } : {}),
        copyActions: (rule.CopyActions ?? []).map((a) => ({
          destinationVaultArn: a.DestinationBackupVaultArn,
          ...(a.Lifecycle?.DeleteAfterDays !== undefined ? { deleteAfterDays: a.Lifecycle.DeleteAfterDays } : {}),
        })),
      })),
      selections: selections.map(({ selection, id: sid }) => {
        const s = selection.BackupSelection
        return {
          id: sid, name: s.SelectionName, iamRoleArn: s.IamRoleArn, resources: s.Resources ?? [], notResources: s.NotResources ?? [],
          listOfTags: (s.ListOfTags ?? []).map((t) => ({ condition: t.ConditionType, key: t.ConditionKey, value: t.ConditionValue })),
          conditions: selectionConditions(s.Conditions),
        }
      }),
    }]
  })
}

/**
 * Conditions by operator. The schema types the four operators AWS Backup documents; another key
 * may hold anything. Its entries are kept under their operator (the check knows no such operator
 * and lets the condition hold for nothing), and a value that is no list of entries becomes one
 * such condition: an unreadable condition makes the selection select nothing, never everything.
 */
function selectionConditions(raw: Record<string, unknown> | undefined): BackupSelection['conditions'] {
  const unreadable = (operator: string) => ({ operator, key: '', value: '' })
  return Object.entries(raw ?? {}).flatMap(([operator, entries]) => {
    if (!Array.isArray(entries)) return [unreadable(operator)]
    return entries.map((e: unknown) => {
      const { ConditionKey: key, ConditionValue: value } = (e ?? {}) as Record<string, unknown>
      return typeof key === 'string' && typeof value === 'string' ? { operator, key, value } : unreadable(operator)
    })
  })
}

export function normalizeKms(c: DataContext, r: RawRegion): KmsAlias[] {
  return (r.kmsAliases ?? []).map((a) => ({ aliasName: a.AliasName, ...(a.TargetKeyId ? { targetKeyId: a.TargetKeyId } : {}), accountId: c.account.id, region: r.region }))
}

export function normalizeSecrets(c: DataContext, r: RawRegion): Secret[] {
  return (r.secrets ?? []).map((s) => {
    const tags = tagsOf(s.Tags)
    return {
      arn: s.ARN, type: 'AWS::SecretsManager::Secret', accountId: c.account.id, region: r.region, name: s.Name,
      environment: classifyResource(c.environments, { arn: s.ARN, name: s.Name, tags }, c.account),
      source: file(c, r.region, 'secretsmanager-list-secrets'), ...(s.KmsKeyId ? { kmsKeyArn: s.KmsKeyId } : {}),
    }
  })
}
