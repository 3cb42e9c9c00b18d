// Small generated estates (snapshot format v1), one per seed: a prod account with one or two
// databases, AWS Backup recovery points of them in a vault, manual snapshots, and a few roles in
// prod and staging whose inline statements grant random mixes of destructive and harmless
// actions, some staging roles allowed into a prod role. Small enough that every subset of the
// plan's candidate changes can be tried. Ids are made up.
import { prng } from '../../bench/prng.js'
import { minimalSnapshotFiles, writeSnapshotDir } from './snapshot-dir.js'

export const PROD = '111111111111'
export const STAGING = '222222222222'
const REGION = 'us-east-1'

/** Actions a statement draws from: destructive, recovery-point deleting, harmless, wildcards. */
const ACTIONS = [
  'rds:DeleteDBInstance', 'rds:DeleteDBSnapshot', 'backup:DeleteRecoveryPoint', 'rds:ModifyDBInstance',
  'rds:Describe*', 'backup:List*', 's3:GetObject', 'rds:*', 'backup:*', 'rds:Delete*',
]

export interface SmallEstate {
  seed: number
  files: Record<string, unknown>
}

export function smallEstate(seed: number): SmallEstate {
  const rnd = prng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]
  const chance = (p: number) => rnd() < p
  const files = { ...minimalSnapshotFiles(PROD, REGION), ...stagingFiles() }
  const r = (name: string) => `${PROD}/${REGION}/${name}.json`
  const dbs = Array.from({ length: 1 + Math.floor(rnd() * 2) }, (_, i) => `db${i}-prod`)
  const dbArn = (db: string) => `arn:aws:rds:${REGION}:${PROD}:db:${db}`
  files[r('rds-describe-db-instances')] = {
    DBInstances: dbs.map((db) => ({
      DBInstanceIdentifier: db, DBInstanceArn: dbArn(db), Engine: 'postgres', DBInstanceStatus: 'available', DbiResourceId: `db-${db.toUpperCase()}`,
      DeletionProtection: chance(0.5), BackupRetentionPeriod: 7, StorageEncrypted: true, TagList: [{ Key: 'Environment', Value: 'prod' }],
    })),
  }
  const vault = `arn:aws:backup:${REGION}:${PROD}:backup-vault:vault-a`
  const points = dbs.flatMap((db) => Array.from({ length: Math.floor(rnd() * 3) }, (_, i) => ({
    RecoveryPointArn: `arn:aws:rds:${REGION}:${PROD}:snapshot:awsbackup:job-${db}-${i}`, BackupVaultName: 'vault-a', BackupVaultArn: vault,
    ResourceArn: dbArn(db), ResourceType: 'RDS', Status: 'COMPLETED', CreationDate: '2026-11-20T00:00:00+00:00',
  })))
  if (points.length) {
    files[r('backup-list-backup-vaults')] = { BackupVaultList: [{ BackupVaultName: 'vault-a', BackupVaultArn: vault, NumberOfRecoveryPoints: points.length, Locked: false }] }
    files[r('backup-list-recovery-points-by-backup-vault--vault-a')] = { RecoveryPoints: points }
  }
  files[r('rds-describe-db-snapshots')] = {
    DBSnapshots: dbs.filter(() => chance(0.4)).map((db) => ({
      DBSnapshotIdentifier: `${db}-manual`, DBSnapshotArn: `arn:aws:rds:${REGION}:${PROD}:snapshot:${db}-manual`, DBInstanceIdentifier: db,
      DbiResourceId: `db-${db.toUpperCase()}`, SnapshotType: 'manual', Status: 'available', SnapshotCreateTime: '2026-11-20T00:00:00+00:00', Engine: 'postgres',
    })),
  }
  const statement = () => {
    const actions = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => pick(ACTIONS)))]
    return { Effect: 'Allow', Action: actions.length === 1 ? actions[0] : actions, Resource: '*' }
  }
  const role = (account: string, name: string, trust: string[], statements: unknown[]) => ({
    Path: '/', RoleName: name, RoleId: `AROA${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}XXXXXXXX`.slice(0, 21), Arn: `arn:aws:iam::${account}:role/${name}`,
    CreateDate: '2025-01-01T00:00:00+00:00',
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: trust.length ? { AWS: trust } : { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    InstanceProfileList: [], AttachedManagedPolicies: [], Tags: [], RoleLastUsed: { LastUsedDate: '2026-11-26T00:00:00+00:00', Region: REGION },
    RolePolicyList: statements.length ? [{ PolicyName: 'job', PolicyDocument: { Version: '2012-10-17', Statement: statements } }] : [],
  })
  const stagingRoles = Array.from({ length: Math.floor(rnd() * 3) }, (_, i) => `ci-${i}-staging`)
  const prodRoles = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, i) => `app-${i}-prod`)
  const trusted = new Map(prodRoles.map((name) => [name, stagingRoles.filter(() => chance(0.5))]))
  const prodDetails = prodRoles.map((name) =>
    role(PROD, name, trusted.get(name)!.map((s) => `arn:aws:iam::${STAGING}:role/${s}`), Array.from({ length: 1 + Math.floor(rnd() * 2) }, statement)))
  const stagingDetails = stagingRoles.map((name) => {
    const into = prodRoles.filter((p) => trusted.get(p)!.includes(name)).map((p) => `arn:aws:iam::${PROD}:role/${p}`)
    const own = chance(0.5) ? [statement()] : []
    return role(STAGING, name, [], [...own, ...(into.length ? [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: into }] : [])])
  })
  files[`${PROD}/global/iam-get-account-authorization-details.json`] = { UserDetailList: [], GroupDetailList: [], RoleDetailList: prodDetails, Policies: [] }
  files[`${STAGING}/global/iam-get-account-authorization-details.json`] = { UserDetailList: [], GroupDetailList: [], RoleDetailList: stagingDetails, Policies: [] }
  files['snapshot.json'] = {
    formatVersion: 1, collectedAt: '2026-11-27T00:00:00Z',
    accounts: [{ id: PROD, name: 'acme-prod', environment: 'prod', regions: [REGION] }, { id: STAGING, name: 'acme-staging', environment: 'staging', regions: [REGION] }],
  }
  return { seed, files }
}

function stagingFiles(): Record<string, unknown> {
  const all = minimalSnapshotFiles(STAGING, REGION)
  delete all['snapshot.json']
  return all
}

/** The estate written to a new temp directory. */
export function writeSmallEstate(e: SmallEstate): string {
  return writeSnapshotDir({}, e.files)
}
