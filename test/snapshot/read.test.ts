import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { normalize } from '../../src/inventory/normalize.js'
import { NO_ENVIRONMENT_CONFIG } from '../../src/inventory/environment.js'
import { openSnapshot } from '../../src/snapshot/read.js'
import { ACCOUNT, REGION, writeSnapshotDir } from '../support/snapshot-dir.js'

const load = (dir: string) => normalize(openSnapshot(dir), { environments: NO_ENVIRONMENT_CONFIG, breakGlass: [], kind: 'snapshot' })

function inputError(fn: () => unknown): InputError {
  try {
    fn()
  } catch (err) {
    if (err instanceof InputError) return err
    throw err
  }
  throw new Error('expected an InputError')
}

const db = (over: Record<string, unknown> = {}) => ({
  DBInstanceIdentifier: 'orders-prod', DBInstanceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-prod`, Engine: 'postgres',
  DbiResourceId: 'db-ORDERS', DeletionProtection: true, BackupRetentionPeriod: 7, StorageEncrypted: true,
  TagList: [{ Key: 'Environment', Value: 'production' }], DBInstanceStatus: 'available', ...over,
})
const rdsFile = `${ACCOUNT}/${REGION}/rds-describe-db-instances.json`
const gaadFile = `${ACCOUNT}/global/iam-get-account-authorization-details.json`

describe('snapshot reader: bad input names the file, the JSON path and what was expected', () => {
  it('an empty directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-empty-'))
    const e = inputError(() => openSnapshot(dir))
    expect(e.file).toBe(dir)
    expect(e.message).toMatch(/empty/)
  })
  it('a missing manifest', () => {
    const dir = writeSnapshotDir({ 'snapshot.json': null })
    const e = inputError(() => openSnapshot(dir))
    expect(e.file).toBe(join(dir, 'snapshot.json'))
    expect(e.expected).toMatch(/manifest/)
  })
  it('a wrong formatVersion', () => {
    const dir = writeSnapshotDir({ 'snapshot.json': { formatVersion: 2, collectedAt: '2026-11-27T00:00:00Z', accounts: [{ id: ACCOUNT, regions: [REGION] }] } })
    const e = inputError(() => openSnapshot(dir))
    expect(e.message).toBe(`${join(dir, 'snapshot.json')}: $.formatVersion: expected 1`)
  })
  it('truncated JSON', () => {
    const full = JSON.stringify({ DBInstances: [db()] })
    const dir = writeSnapshotDir({ [rdsFile]: full.slice(0, full.length / 2) })
    const e = inputError(() => openSnapshot(dir))
    expect(e.file).toBe(join(dir, rdsFile))
    expect(e.jsonPath).toBe('$')
    expect(e.expected).toMatch(/^valid JSON/)
  })
  it('a DBInstances entry without an ARN', () => {
    const { DBInstanceArn: _drop, ...noArn } = db()
    const dir = writeSnapshotDir({ [rdsFile]: { DBInstances: [db({ DBInstanceIdentifier: 'a' }), noArn] } })
    const e = inputError(() => openSnapshot(dir))
    expect(e.message).toBe(`${join(dir, rdsFile)}: $.DBInstances[1].DBInstanceArn: expected this field to be present`)
  })
  it('a policy Document that is neither an object nor a (URL-encoded) JSON string', () => {
    const dir = writeSnapshotDir({
      [gaadFile]: { UserDetailList: [], GroupDetailList: [], Policies: [], RoleDetailList: [{ RoleName: 'r', Arn: `arn:aws:iam::${ACCOUNT}:role/r`, AssumeRolePolicyDocument: 'not%20json' }] },
    })
    const e = inputError(() => load(dir))
    expect(e.file).toBe(join(dir, gaadFile))
    expect(e.jsonPath).toBe('$.RoleDetailList[0].AssumeRolePolicyDocument')
    expect(e.expected).toMatch(/policy document/)
  })
  it('a policy Document of a wrong JSON type', () => {
    const dir = writeSnapshotDir({
      [gaadFile]: { RoleDetailList: [{ RoleName: 'r', Arn: `arn:aws:iam::${ACCOUNT}:role/r`, AssumeRolePolicyDocument: 42 }] },
    })
    const e = inputError(() => openSnapshot(dir))
    expect(e.jsonPath).toBe('$.RoleDetailList[0].AssumeRolePolicyDocument')
    expect(e.expected).toBe('a object or a string'.replace('a object', 'an object'))
  })
  it('a required file absent without an errors entry', () => {
    const dir = writeSnapshotDir({ [`${ACCOUNT}/${REGION}/backup-list-backup-plans.json`]: null })
    const e = inputError(() => openSnapshot(dir))
    expect(e.file).toBe(join(dir, ACCOUNT, REGION, 'backup-list-backup-plans.json'))
    expect(e.expected).toMatch(/requires/)
  })
})

describe('snapshot reader: what it accepts', () => {
  it('policy documents as objects and as URL-encoded strings give the same inventory', () => {
    const trust = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' } }
    const role = (doc: unknown) => ({ RoleDetailList: [{ RoleName: 'r', Arn: `arn:aws:iam::${ACCOUNT}:role/r`, AssumeRolePolicyDocument: doc, RolePolicyList: [{ PolicyName: 'p', PolicyDocument: doc }] }] })
    const asObject = load(writeSnapshotDir({ [gaadFile]: role(trust) }))
    const asString = load(writeSnapshotDir({ [gaadFile]: role(encodeURIComponent(JSON.stringify(trust))) }))
    const pick = (inv: typeof asObject) => inv.principals.find((p) => p.kind === 'role')!
    expect(pick(asString).trustPolicy).toEqual(pick(asObject).trustPolicy)
    expect(pick(asObject).trustPolicy!.Statement[0]).toEqual({ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com'] }, Action: ['sts:AssumeRole'] })
  })
  it('a file named in the manifest errors is a gap, not an input error', () => {
    const vaults = `${ACCOUNT}/${REGION}/backup-list-backup-vaults.json`
    const dir = writeSnapshotDir({
      [vaults]: null,
      'snapshot.json': {
        formatVersion: 1, collectedAt: '2026-11-27T00:00:00Z', accounts: [{ id: ACCOUNT, environment: 'prod', regions: [REGION] }],
        errors: [{ file: vaults, operation: 'backup:ListBackupVaults', message: 'AccessDeniedException: not authorized' }],
      },
    })
    const inv = load(dir)
    expect(inv.gaps.filter((g) => g.failed)).toEqual([expect.objectContaining({ part: 'backupVaults', accountId: ACCOUNT, region: REGION })])
    // the optional files: KMS, Secrets Manager, and every file of spec §8 (S3 and DynamoDB not collected)
    expect(inv.gaps.filter((g) => !g.failed).map((g) => g.part).sort()).toEqual([
      'dynamodbBackups', 'dynamodbPitr', 'dynamodbTables', 'kms', 's3Buckets', 's3Lifecycle', 's3ObjectLock', 's3Policies', 's3Replication', 's3Versioning', 'secrets',
    ])
    expect(inv.errors).toEqual([expect.objectContaining({ operation: 'backup:ListBackupVaults', accountId: ACCOUNT, region: REGION })])
  })
  it('a vault without a policy file has no policy; a vault whose policy call failed is not collected', () => {
    const base = `${ACCOUNT}/${REGION}/`
    const vault = (name: string) => ({ BackupVaultName: name, BackupVaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:${name}`, NumberOfRecoveryPoints: 0, Locked: false })
    const dir = writeSnapshotDir({
      [`${base}backup-list-backup-vaults.json`]: { BackupVaultList: [vault('open'), vault('unknown')] },
      [`${base}backup-list-recovery-points-by-backup-vault--open.json`]: { RecoveryPoints: [] },
      [`${base}backup-list-recovery-points-by-backup-vault--unknown.json`]: { RecoveryPoints: [] },
      'snapshot.json': {
        formatVersion: 1, collectedAt: '2026-11-27T00:00:00Z', accounts: [{ id: ACCOUNT, environment: 'prod', regions: [REGION] }],
        errors: [{ file: `${base}backup-get-backup-vault-access-policy--unknown.json`, operation: 'backup:GetBackupVaultAccessPolicy', message: 'AccessDenied' }],
      },
    })
    const inv = load(dir)
    expect(inv.vaults.find((v) => v.name === 'open')!.accessPolicy).toBeNull()
    expect(inv.vaults.find((v) => v.name === 'unknown')!.accessPolicy).toBeUndefined()
  })
  it('classifies by tag before account, and records the rule', () => {
    const dir = writeSnapshotDir({ [rdsFile]: { DBInstances: [db({ DBInstanceIdentifier: 'orders-stg', DBInstanceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-stg`, TagList: [{ Key: 'env', Value: 'Staging' }] })] } })
    const [d] = load(dir).databases
    expect(d.environment).toEqual({ environment: 'staging', rule: 'tag', detail: 'tag env=Staging' })
  })
  it('reads a lone authorization-details file as one account', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-gaad-'))
    const file = join(dir, 'gaad.json')
    const content = JSON.stringify({ UserDetailList: [{ UserName: 'u', Arn: `arn:aws:iam::${ACCOUNT}:user/u` }], RoleDetailList: [], GroupDetailList: [], Policies: [] })
    writeFileSync(file, content)
    const raw = openSnapshot(file)
    expect(raw.mode).toBe('authorization-details')
    expect(raw.accounts.map((a) => a.id)).toEqual([ACCOUNT])
    expect(readFileSync(file, 'utf8')).toBe(content)
  })
})

describe('snapshot reader: JSON syntax errors', () => {
  it('say where when V8 tells, never quote the text (it may hold a secret)', () => {
    const cut = writeSnapshotDir({ [rdsFile]: '{\n  "DBInstances": [\n    {"DBInstanceIdentifier": "a" "x"}' })
    expect(inputError(() => openSnapshot(cut)).expected).toMatch(/^valid JSON \(.* at line 3, column \d+\)$/)
    const secret = 'wJalrXUtnFEMIxK7MDENGxbPxRfiCYzzSECRET'
    const dir = writeSnapshotDir({ [rdsFile]: `{\n  "DBInstances": [ ${secret} ]\n}` })
    const e = inputError(() => openSnapshot(dir))
    expect(e.expected).toMatch(/^valid JSON \(Unexpected token 'w'/)
    expect(e.message).not.toContain(secret.slice(0, 8))
  })
})
