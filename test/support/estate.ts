// One valid minimal inventory with safe defaults; each test adds only the fact it is about
// (changesets' FakeFullState). Ids are made up: 111111111111 prod, 222222222222 staging.
import type {
  Account, BackupPlan, Bucket, Database, Environment, EnvironmentDecision, Inventory, ManagedPolicy,
  PolicyDocument, Principal, RecoveryPoint, Secret, StoreRecoveryPointKind, Table, Tags, Vault, KmsAlias, Group, ScpChain,
} from '../../src/inventory/types.js'
import { classifyAccount, classifyResource, NO_ENVIRONMENT_CONFIG } from '../../src/inventory/environment.js'

export const PROD = '111111111111'
export const STAGING = '222222222222'
export const REGION = 'us-east-1'
export const NOW = '2026-11-27T00:00:00Z'

export type BuiltInventory = Inventory & { arnOf(name: string): string }

const daysAgo = (d: number) => new Date(Date.parse(NOW) - d * 86_400_000).toISOString()
export { daysAgo }

export class EstateBuilder {
  private inv: Inventory = {
    collectedAt: NOW,
    source: { kind: 'snapshot', path: 'test-estate', mode: 'directory' },
    accounts: [], principals: [], groups: [], managedPolicies: new Map(), databases: [], buckets: [], tables: [], storeRecoveryPoints: [],
    recoveryPoints: [], vaults: [], backupPlans: [], kmsAliases: [], secrets: [], scpChains: [],
    organizationAccountIds: [], gaps: [], errors: [],
  }
  private names = new Map<string, string>()
  private current = PROD
  private currentRegion = REGION

  account(id: string, name: string, environment?: Environment, tags: Tags = {}): this {
    if (!this.inv.accounts.some((a) => a.id === id)) {
      this.inv.accounts.push({
        id, name, tags, regions: [REGION], inSnapshot: true,
        environment: classifyAccount(NO_ENVIRONMENT_CONFIG, id, environment, tags, name),
      })
    }
    this.current = id
    return this
  }
  prodAccount(): this { return this.account(PROD, 'acme-prod', 'prod') }
  stagingAccount(): this { return this.account(STAGING, 'acme-staging', 'staging') }
  /** switch the account (and optionally region) that following resources go into */
  in(accountId: string, region = REGION): this { this.current = accountId; this.currentRegion = region; return this }

  private acct(): Account | undefined { return this.inv.accounts.find((a) => a.id === this.current) }
  private env(arn: string, name: string, tags: Tags): EnvironmentDecision {
    return classifyResource(NO_ENVIRONMENT_CONFIG, { arn, name, tags }, this.acct())
  }

  database(name: string, over: Partial<Database> = {}): this {
    const arn = `arn:aws:rds:${this.currentRegion}:${this.current}:db:${name}`
    const tags = over.tags ?? {}
    this.names.set(name, over.arn ?? arn)
    this.inv.databases.push({
      arn, type: 'AWS::RDS::DBInstance', accountId: this.current, region: this.currentRegion, name,
      environment: this.env(arn, name, tags), source: `${this.current}/${this.currentRegion}/rds-describe-db-instances.json`,
      kind: 'instance', identifier: name, engine: 'postgres', resourceId: `db-${name.toUpperCase()}`,
      deletionProtection: true, backupRetentionDays: 7, memberArns: [], storageEncrypted: true,
      tags, status: 'available', ...over,
    })
    return this
  }

  cluster(name: string, over: Partial<Database> = {}): this {
    const arn = `arn:aws:rds:${this.currentRegion}:${this.current}:cluster:${name}`
    const tags = over.tags ?? {}
    this.names.set(name, arn)
    this.inv.databases.push({
      arn, type: 'AWS::RDS::DBCluster', accountId: this.current, region: this.currentRegion, name,
      environment: this.env(arn, name, tags), source: `${this.current}/${this.currentRegion}/rds-describe-db-clusters.json`,
      kind: 'cluster', identifier: name, engine: 'aurora-postgresql', resourceId: `cluster-${name.toUpperCase()}`,
      deletionProtection: true, backupRetentionDays: 7, memberArns: [], storageEncrypted: true,
      tags, status: 'available', ...over,
    })
    return this
  }

  recoveryPoint(name: string, sourceDb: string, over: Partial<RecoveryPoint> = {}): this {
    const arn = over.arn ?? `arn:aws:rds:${this.currentRegion}:${this.current}:snapshot:${name}`
    this.names.set(name, arn)
    this.inv.recoveryPoints.push({
      arn, kind: 'rds-manual-snapshot', accountId: this.current, region: this.currentRegion,
      sourceDbArn: this.arnOf(sourceDb), createdAt: daysAgo(0.5), status: 'available', survivesDbDeletion: true,
      environment: this.env(arn, name, {}), source: `${this.current}/${this.currentRegion}/rds-describe-db-snapshots.json`,
      ...over,
    })
    return this
  }

  vault(name: string, over: Partial<Vault> = {}): this {
    const arn = `arn:aws:backup:${this.currentRegion}:${this.current}:backup-vault:${name}`
    this.names.set(name, arn)
    this.inv.vaults.push({
      arn, type: 'AWS::Backup::BackupVault', accountId: this.current, region: this.currentRegion, name,
      environment: this.env(arn, name, {}), source: `${this.current}/${this.currentRegion}/backup-list-backup-vaults.json`,
      locked: false, accessPolicy: null, recoveryPointCount: 0, ...over,
    })
    return this
  }

  /** an AWS Backup recovery point of `sourceDb` in vault `vaultName` (of the current account) */
  vaultRecoveryPoint(name: string, vaultName: string, sourceDb: string, over: Partial<RecoveryPoint> = {}): this {
    const vaultArn = this.arnOf(vaultName)
    const [, , , region, account] = vaultArn.split(':')
    const arn = `arn:aws:rds:${region}:${account}:snapshot:awsbackup:${name}`
    this.names.set(name, arn)
    this.inv.recoveryPoints.push({
      arn, kind: 'backup-recovery-point', accountId: account, region, vaultArn,
      sourceDbArn: this.arnOf(sourceDb), createdAt: daysAgo(0.5), status: 'COMPLETED', survivesDbDeletion: true,
      environment: this.env(arn, name, {}), source: `${account}/${region}/backup-list-recovery-points-by-backup-vault--${vaultName}.json`,
      ...over,
    })
    const vault = this.inv.vaults.find((v) => v.arn === vaultArn)
    if (vault) vault.recoveryPointCount++
    return this
  }

  /**
   * A bucket of the current account, in the current region, safe by default: versioning on,
   * COMPLIANCE default retention, no replication, no policy, no lifecycle rules.
   */
  bucket(name: string, over: Partial<Bucket> = {}): this {
    const arn = `arn:aws:s3:::${name}`
    const tags = over.tags ?? {}
    const file = (kind: string) => `${this.current}/global/s3api-${kind}--${name}.json`
    this.names.set(name, arn)
    this.inv.buckets.push({
      arn, type: 'AWS::S3::Bucket', accountId: this.current, region: this.currentRegion, name,
      environment: this.env(arn, name, tags), source: `${this.current}/global/s3api-list-buckets.json`,
      regionSource: 'list-buckets', versioning: 'Enabled', mfaDelete: false,
      objectLock: { enabled: true, defaultRetention: { mode: 'COMPLIANCE', days: 30 } },
      replication: [], policy: null, lifecycle: [], tags,
      files: {
        location: file('get-bucket-location'), versioning: file('get-bucket-versioning'), objectLock: `${this.current}/global/s3api-get-object-lock-configuration--${name}.json`,
        replication: file('get-bucket-replication'), policy: file('get-bucket-policy'), lifecycle: file('get-bucket-lifecycle-configuration'), tagging: file('get-bucket-tagging'),
      },
      ...over,
    })
    return this
  }

  /** A table of the current account and region, safe by default: deletion protection and PITR on. */
  table(name: string, over: Partial<Table> = {}): this {
    const arn = `arn:aws:dynamodb:${this.currentRegion}:${this.current}:table/${name}`
    const tags = over.tags ?? {}
    const file = (kind: string) => `${this.current}/${this.currentRegion}/dynamodb-${kind}--${name}.json`
    this.names.set(name, arn)
    this.inv.tables.push({
      arn, type: 'AWS::DynamoDB::Table', accountId: this.current, region: this.currentRegion, name,
      environment: this.env(arn, name, tags), source: file('describe-table'),
      status: 'ACTIVE', deletionProtection: true, pointInTimeRecovery: { enabled: true, latestRestorableAt: daysAgo(0.01) },
      encryption: 'aws-owned', tags,
      files: { description: file('describe-table'), continuousBackups: file('describe-continuous-backups'), tags: file('list-tags-of-resource') },
      ...over,
    })
    return this
  }

  /** A recovery point only buckets and tables have (a replica, a DynamoDB backup, PITR), of `source`. */
  storeRecoveryPoint(name: string, kind: StoreRecoveryPointKind, source: string, over: Partial<RecoveryPoint<StoreRecoveryPointKind>> = {}): this {
    const sourceArn = this.arnOf(source)
    const arn = over.arn ?? (kind === 's3-replica' ? `arn:aws:s3:::${name}` : kind === 'dynamodb-pitr' ? `${sourceArn}/point-in-time-recovery` : `${sourceArn}/backup/${name}`)
    this.names.set(name, arn)
    this.inv.storeRecoveryPoints.push({
      arn, kind, accountId: this.current, region: this.currentRegion, sourceDbArn: sourceArn,
      ...(kind === 'dynamodb-backup' ? { createdAt: daysAgo(0.5), dynamodbBackupType: 'USER' as const } : { continuous: true }),
      ...(kind === 's3-replica' ? { replica: { sourceBucketArn: sourceArn, deleteMarkerReplication: false, accountFrom: 'snapshot' as const, regionFrom: 'snapshot' as const } } : {}),
      status: kind === 'dynamodb-backup' ? 'AVAILABLE' : 'available', survivesDbDeletion: true,
      environment: this.env(arn, name, {}), source: `${this.current}/${this.currentRegion}/store-recovery-point.json`,
      ...over,
    })
    return this
  }

  backupPlan(name: string, over: Partial<BackupPlan> = {}): this {
    const id = over.id ?? `plan-${name}`
    const arn = `arn:aws:backup:${this.currentRegion}:${this.current}:backup-plan:${id}`
    this.names.set(name, arn)
    this.inv.backupPlans.push({
      arn, type: 'AWS::Backup::BackupPlan', accountId: this.current, region: this.currentRegion, name,
      environment: this.env(arn, name, {}), source: `${this.current}/${this.currentRegion}/backup-get-backup-plan--${id}.json`,
      id, rules: [], selections: [], ...over,
    })
    return this
  }

  private principal(kind: 'user' | 'role', name: string, over: Partial<Principal>): this {
    const arn = `arn:aws:iam::${this.current}:${kind}/${name}`
    const tags = over.tags ?? {}
    this.names.set(name, arn)
    this.inv.principals.push({
      arn, type: kind === 'user' ? 'AWS::IAM::User' : 'AWS::IAM::Role', accountId: this.current, region: 'global', name,
      environment: this.env(arn, name, tags), source: `${this.current}/global/iam-get-account-authorization-details.json`,
      kind, path: '/', tags, inlinePolicies: [], managedPolicyArns: [], groups: [], serviceLinked: false, breakGlass: false,
      ...over,
    })
    return this
  }
  user(name: string, over: Partial<Principal> = {}): this { return this.principal('user', name, over) }
  /** the current account's root user (credential report row <root_account>); arnOf('root:<account id>') */
  root(over: Partial<Principal> = {}): this {
    const arn = `arn:aws:iam::${this.current}:root`
    this.names.set(`root:${this.current}`, arn)
    this.inv.principals.push({
      arn, type: 'AWS::IAM::Root', accountId: this.current, region: 'global', name: '<root_account>',
      environment: this.env(arn, '<root_account>', {}), source: `${this.current}/global/iam-get-credential-report.json`,
      kind: 'root', path: '/', tags: {}, inlinePolicies: [], managedPolicyArns: [], groups: [], serviceLinked: false, breakGlass: false,
      ...over,
    })
    return this
  }
  role(name: string, trust: PolicyDocument, over: Partial<Principal> = {}): this {
    return this.principal('role', name, { trustPolicy: trust, ...over })
  }
  /** add an inline policy to an existing principal */
  inline(principalName: string, document: PolicyDocument, policyName = 'inline'): this {
    const p = this.inv.principals.find((x) => x.name === principalName)
    if (!p) throw new Error(`no principal ${principalName}`)
    p.inlinePolicies.push({ name: policyName, id: `${p.arn}/inline/${policyName}`, document, source: p.source })
    return this
  }
  managedPolicy(name: string, document: PolicyDocument, owner = this.current): this {
    const arn = owner === 'aws' ? `arn:aws:iam::aws:policy/${name}` : `arn:aws:iam::${owner}:policy/${name}`
    this.names.set(name, arn)
    this.inv.managedPolicies.set(arn, { arn, name, owner, document, source: `${this.current}/global/iam-get-account-authorization-details.json` } satisfies ManagedPolicy)
    return this
  }
  group(group: Group): this { this.inv.groups.push(group); return this }
  secret(name: string, over: Partial<Secret> = {}): this {
    const arn = `arn:aws:secretsmanager:${this.currentRegion}:${this.current}:secret:${name}-AbCdEf`
    this.names.set(name, arn)
    this.inv.secrets.push({
      arn, type: 'AWS::SecretsManager::Secret', accountId: this.current, region: this.currentRegion, name,
      environment: this.env(arn, name, {}), source: `${this.current}/${this.currentRegion}/secretsmanager-list-secrets.json`, ...over,
    })
    return this
  }
  kmsAlias(alias: KmsAlias): this { this.inv.kmsAliases.push(alias); return this }
  scpChain(chain: ScpChain): this { this.inv.scpChains.push(chain); return this }
  /** change anything else on the inventory */
  with(f: (inv: Inventory) => void): this { f(this.inv); return this }

  arnOf(name: string): string {
    const arn = this.names.get(name)
    if (!arn) throw new Error(`estate has no resource named ${name}`)
    return arn
  }

  build(): BuiltInventory {
    const names = this.names
    return Object.assign(this.inv, {
      arnOf(name: string) {
        const arn = names.get(name)
        if (!arn) throw new Error(`estate has no resource named ${name}`)
        return arn
      },
    })
  }
}

export const estate = (): EstateBuilder => new EstateBuilder()
export const allowAll = (actions: string[] | string, resources: string[] | string = ['*']): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: [actions].flat(), Resource: [resources].flat() }],
})
export const trustAccount = (accountId: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${accountId}:root`] }, Action: ['sts:AssumeRole'] }],
})
