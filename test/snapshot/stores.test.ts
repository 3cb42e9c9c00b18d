// Spec §8 files through the real reader and normalizer: S3 buckets (global/, one set per listed
// bucket) and DynamoDB tables (per region), their NotFound answers as absent files, bad input
// as one InputError naming file, JSON path and what was expected, and the recovery points only
// buckets and tables have.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { NO_ENVIRONMENT_CONFIG } from '../../src/inventory/environment.js'
import { normalize } from '../../src/inventory/normalize.js'
import { dataStores, survivingRecoveryPoints } from '../../src/inventory/stores.js'
import { openSnapshot, readSnapshot } from '../../src/snapshot/read.js'
import { MemorySource } from '../../src/snapshot/source.js'
import { ACCOUNT, minimalSnapshotFiles, REGION, writeSnapshotDir } from '../support/snapshot-dir.js'

const load = (dir: string) => normalize(openSnapshot(dir), { environments: NO_ENVIRONMENT_CONFIG, breakGlass: [], kind: 'snapshot' })
const g = (name: string, account = ACCOUNT) => `${account}/global/${name}.json`
const r = (name: string, account = ACCOUNT, region = REGION) => `${account}/${region}/${name}.json`
const OTHER = '333333333333'

function inputError(fn: () => unknown): InputError {
  try {
    fn()
  } catch (err) {
    if (err instanceof InputError) return err
    throw err
  }
  throw new Error('expected an InputError')
}

/** One bucket with every per-bucket file, as `aws s3api ...` prints them. */
function bucketFiles(name: string, over: Record<string, unknown | null> = {}): Record<string, unknown> {
  return {
    [g(`s3api-get-bucket-versioning--${name}`)]: { Status: 'Enabled', MFADelete: 'Disabled' },
    [g(`s3api-get-object-lock-configuration--${name}`)]: { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } } } },
    [g(`s3api-get-bucket-replication--${name}`)]: {
      ReplicationConfiguration: {
        Role: `arn:aws:iam::${ACCOUNT}:role/s3-replication`,
        Rules: [{ ID: 'everything', Priority: 1, Filter: {}, Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::invoices-replica', Account: OTHER }, DeleteMarkerReplication: { Status: 'Disabled' } }],
      },
    },
    [g(`s3api-get-bucket-policy--${name}`)]: { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'NoVersionDeletes', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObjectVersion', Resource: `arn:aws:s3:::${name}/*` }] }) },
    [g(`s3api-get-bucket-lifecycle-configuration--${name}`)]: {
      Rules: [
        { ID: 'tmp', Filter: { Prefix: 'tmp/' }, Status: 'Enabled', Expiration: { Days: 7 } },
        { ID: 'old-versions', Filter: { Prefix: '' }, Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 365 } },
      ],
    },
    [g(`s3api-get-bucket-tagging--${name}`)]: { TagSet: [{ Key: 'Environment', Value: 'prod' }] },
    ...over,
  }
}

const listBuckets = (...buckets: object[]) => ({ [g('s3api-list-buckets')]: { Buckets: buckets, Owner: { DisplayName: 'acme', ID: 'abc' } } })
const emptyDynamodb = { [r('dynamodb-list-tables')]: { TableNames: [] }, [r('dynamodb-list-backups')]: { BackupSummaries: [] } }
const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/sessions-prod`

function tableFiles(over: Record<string, unknown | null> = {}): Record<string, unknown> {
  return {
    [r('dynamodb-list-tables')]: { TableNames: ['sessions-prod'] },
    [r('dynamodb-describe-table--sessions-prod')]: {
      Table: {
        TableName: 'sessions-prod', TableArn: TABLE_ARN, TableId: 'a1b2c3d4', TableStatus: 'ACTIVE', DeletionProtectionEnabled: true,
        CreationDateTime: '2025-01-01T00:00:00.000000+00:00',
        SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
      },
    },
    [r('dynamodb-describe-continuous-backups--sessions-prod')]: {
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: 'ENABLED',
        PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: 35, EarliestRestorableDateTime: '2026-10-23T00:00:00+00:00', LatestRestorableDateTime: '2026-11-26T23:55:00+00:00' },
      },
    },
    [r('dynamodb-list-tags-of-resource--sessions-prod')]: { Tags: [{ Key: 'Environment', Value: 'prod' }] },
    [r('dynamodb-list-backups')]: {
      BackupSummaries: [
        { TableName: 'sessions-prod', TableId: 'a1b2c3d4', TableArn: TABLE_ARN, BackupArn: `${TABLE_ARN}/backup/01764000000000-a1b2c3d4`, BackupName: 'pre-migration', BackupCreationDateTime: '2026-11-20T00:00:00+00:00', BackupStatus: 'AVAILABLE', BackupType: 'USER', BackupSizeBytes: 2048 },
        // a backup of a table deleted since: still a recovery point, of a store no longer listed
        { TableName: 'carts-prod', TableArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/carts-prod`, BackupArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/carts-prod/backup/01763000000000-00aa11bb`, BackupCreationDateTime: '2026-11-01T00:00:00+00:00', BackupStatus: 'AVAILABLE', BackupType: 'SYSTEM' },
      ],
    },
    ...over,
  }
}

describe('S3 buckets (spec §8)', () => {
  it('reads every per-bucket file into one Bucket: versioning, MFA delete, lock, replication, policy, lifecycle, tags', () => {
    const inv = load(writeSnapshotDir({ ...listBuckets({ Name: 'invoices-prod', CreationDate: '2025-01-01T00:00:00+00:00', BucketRegion: 'us-west-2' }), ...bucketFiles('invoices-prod'), ...emptyDynamodb }))
    expect(inv.gaps.filter((gap) => gap.part.startsWith('s3'))).toEqual([])
    expect(inv.buckets).toHaveLength(1)
    const [b] = inv.buckets
    expect(b).toMatchObject({
      arn: 'arn:aws:s3:::invoices-prod', type: 'AWS::S3::Bucket', accountId: ACCOUNT, region: 'us-west-2', regionSource: 'list-buckets', name: 'invoices-prod',
      environment: { environment: 'prod', rule: 'tag' }, versioning: 'Enabled', mfaDelete: false,
      objectLock: { enabled: true, defaultRetention: { mode: 'COMPLIANCE', days: 30 } },
      replication: [{ id: 'everything', enabled: true, destinationBucketArn: 'arn:aws:s3:::invoices-replica', destinationAccountId: OTHER, deleteMarkerReplication: false, filtered: false }],
      replicationRoleArn: `arn:aws:iam::${ACCOUNT}:role/s3-replication`,
      policy: { Statement: [{ Sid: 'NoVersionDeletes', Effect: 'Deny', Principal: '*', Action: ['s3:DeleteObjectVersion'], Resource: ['arn:aws:s3:::invoices-prod/*'] }] },
      lifecycle: [{ id: 'tmp', enabled: true, filtered: true, expirationDays: 7 }, { id: 'old-versions', enabled: true, filtered: false, noncurrentVersionExpirationDays: 365 }],
      tags: { Environment: 'prod' },
      source: g('s3api-list-buckets'),
      files: { policy: g('s3api-get-bucket-policy--invoices-prod'), versioning: g('s3api-get-bucket-versioning--invoices-prod') },
    })
  })

  it('reads the NotFound answers (no file) as none: no lock, no replication, no policy, no rules, no tags', () => {
    const inv = load(writeSnapshotDir({ ...listBuckets({ Name: 'scratch', BucketRegion: REGION }), [g('s3api-get-bucket-versioning--scratch')]: {}, ...emptyDynamodb }))
    expect(inv.gaps.filter((gap) => gap.part.startsWith('s3'))).toEqual([])
    expect(inv.buckets[0]).toMatchObject({ versioning: 'Off', mfaDelete: false, objectLock: null, replication: [], policy: null, lifecycle: [], tags: {} })
    // no tag, no environment word in the name: the account's environment (the manifest says prod)
    expect(inv.buckets[0].environment).toMatchObject({ environment: 'prod', rule: 'account' })
  })

  it('takes the region from get-bucket-location when list-buckets has no BucketRegion (null is us-east-1, EU is eu-west-1)', () => {
    const inv = load(writeSnapshotDir({
      ...listBuckets({ Name: 'a' }, { Name: 'b' }, { Name: 'c' }),
      [g('s3api-get-bucket-location--a')]: { LocationConstraint: null },
      [g('s3api-get-bucket-location--b')]: { LocationConstraint: 'EU' },
      ...Object.fromEntries(['a', 'b', 'c'].map((n) => [g(`s3api-get-bucket-versioning--${n}`), {}])),
      ...emptyDynamodb,
    }))
    expect(inv.buckets.map((b) => [b.name, b.region, b.regionSource])).toEqual([['a', 'us-east-1', 'get-bucket-location'], ['b', 'eu-west-1', 'get-bucket-location'], ['c', 'global', 'unknown']])
    // neither says where c lives: that is a gap, not a guess
    expect(inv.gaps).toContainEqual(expect.objectContaining({ part: 's3Buckets', what: g('s3api-get-bucket-location--c'), failed: false }))
  })

  it('an absent versioning file is "not collected"; one named in errors makes the scan partial', () => {
    const versioning = g('s3api-get-bucket-versioning--b')
    const manifest = { formatVersion: 1, collectedAt: '2026-11-27T00:00:00Z', accounts: [{ id: ACCOUNT, environment: 'prod', regions: [REGION] }] }
    const absent = load(writeSnapshotDir({ ...listBuckets({ Name: 'a', BucketRegion: REGION }, { Name: 'b', BucketRegion: REGION }), [g('s3api-get-bucket-versioning--a')]: {}, ...emptyDynamodb }))
    expect(absent.buckets.map((b) => b.versioning)).toEqual(['Off', undefined])
    const s3 = (gaps: { part: string }[]) => gaps.filter((gap) => gap.part.startsWith('s3'))
    expect(s3(absent.gaps)).toEqual([expect.objectContaining({ part: 's3Versioning', what: versioning, failed: false, reason: 'optional file absent' })])
    const failed = load(writeSnapshotDir({
      ...listBuckets({ Name: 'a', BucketRegion: REGION }, { Name: 'b', BucketRegion: REGION }), [g('s3api-get-bucket-versioning--a')]: {}, ...emptyDynamodb,
      'snapshot.json': { ...manifest, errors: [{ file: versioning, operation: 's3:GetBucketVersioning', message: 'AccessDenied: Access Denied' }] },
    }))
    expect(s3(failed.gaps)).toEqual([expect.objectContaining({ part: 's3Versioning', what: versioning, failed: true })])
    expect(failed.errors).toEqual([expect.objectContaining({ operation: 's3:GetBucketVersioning', accountId: ACCOUNT, region: 'global' })])
  })

  it('without list-buckets, S3 was not collected: a gap of every S3 part, not a failure', () => {
    const inv = load(writeSnapshotDir({ ...emptyDynamodb }))
    expect(inv.buckets).toEqual([])
    const s3 = inv.gaps.filter((gap) => gap.part.startsWith('s3'))
    expect(s3.map((gap) => gap.part).sort()).toEqual(['s3Buckets', 's3Lifecycle', 's3ObjectLock', 's3Policies', 's3Replication', 's3Versioning'])
    expect(new Set(s3.map((gap) => `${gap.what} ${gap.failed}`))).toEqual(new Set([`${g('s3api-list-buckets')} false`]))
  })

  it.each([
    ['a versioning Status the API never answers', g('s3api-get-bucket-versioning--b'), { Status: 'enabled' }, '$.Status', 'one of "Enabled", "Suspended"'],
    ['an Object Lock mode in lower case', g('s3api-get-object-lock-configuration--b'), { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'compliance', Days: 1 } } } }, '$.ObjectLockConfiguration.Rule.DefaultRetention.Mode', 'one of "GOVERNANCE", "COMPLIANCE"'],
    ['a replication rule without its destination', g('s3api-get-bucket-replication--b'), { ReplicationConfiguration: { Role: 'r', Rules: [{ Status: 'Enabled' }] } }, '$.ReplicationConfiguration.Rules[0].Destination', 'this field to be present'],
    ['a lifecycle expiration of -1 days', g('s3api-get-bucket-lifecycle-configuration--b'), { Rules: [{ Status: 'Enabled', Expiration: { Days: -1 } }] }, '$.Rules[0].Expiration.Days', 'a number >= 0'],
    ['a tag without its value', g('s3api-get-bucket-tagging--b'), { TagSet: [{ Key: 'Environment' }] }, '$.TagSet[0].Value', 'this field to be present'],
    ['a location that is no region (a terminal escape)', g('s3api-get-bucket-location--b'), { LocationConstraint: '\u001b[2Jus-east-1' }, '$.LocationConstraint', 'a string matching ^[a-z]{2}(-[a-z]+)+-[0-9]+$|^EU$|^$'],
  ])('bad input: %s', (_what, file, content, jsonPath, expected) => {
    const dir = writeSnapshotDir({ ...listBuckets({ Name: 'b', ...(file.includes('location') ? {} : { BucketRegion: REGION }) }), [g('s3api-get-bucket-versioning--b')]: {}, ...emptyDynamodb, [file]: content })
    const e = inputError(() => load(dir))
    expect([e.file, e.jsonPath, e.expected]).toEqual([join(dir, file), jsonPath, expected])
  })

  it('bad input: a bucket name that would leave the folder, and a bucket policy that is no policy', () => {
    const dir = writeSnapshotDir({ ...listBuckets({ Name: '../../etc/passwd' }), ...emptyDynamodb })
    const e = inputError(() => load(dir))
    expect([e.file, e.jsonPath]).toEqual([join(dir, g('s3api-list-buckets')), '$.Buckets[0].Name'])
    const policy = g('s3api-get-bucket-policy--b')
    const dir2 = writeSnapshotDir({ ...listBuckets({ Name: 'b', BucketRegion: REGION }), [g('s3api-get-bucket-versioning--b')]: {}, [policy]: { Policy: '{"Statement": [{"Effect": "Maybe"}]}' }, ...emptyDynamodb })
    const e2 = inputError(() => load(dir2))
    expect([e2.file, e2.jsonPath, e2.expected]).toEqual([join(dir2, policy), '$.Policy.Statement[0].Effect', '"Allow" or "Deny"'])
  })
})

describe('DynamoDB tables (spec §8)', () => {
  it('reads each listed table: deletion protection, PITR, KMS key, tags', () => {
    const inv = load(writeSnapshotDir({ ...tableFiles(), ...listBuckets() }))
    expect(inv.gaps.filter((gap) => gap.part.startsWith('dynamodb'))).toEqual([])
    expect(inv.tables).toEqual([
      expect.objectContaining({
        arn: TABLE_ARN, type: 'AWS::DynamoDB::Table', accountId: ACCOUNT, region: REGION, name: 'sessions-prod', tableId: 'a1b2c3d4', status: 'ACTIVE',
        deletionProtection: true, encryption: 'kms', kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        pointInTimeRecovery: { enabled: true, recoveryPeriodDays: 35, earliestRestorableAt: '2026-10-23T00:00:00+00:00', latestRestorableAt: '2026-11-26T23:55:00+00:00' },
        tags: { Environment: 'prod' }, environment: expect.objectContaining({ environment: 'prod', rule: 'tag' }),
        source: r('dynamodb-describe-table--sessions-prod'),
      }),
    ])
  })

  it('gives tables their recovery points: on-demand backups (of deleted tables too) and the PITR system backup', () => {
    const inv = load(writeSnapshotDir({ ...tableFiles(), ...listBuckets() }))
    expect(inv.storeRecoveryPoints.map((rp) => [rp.kind, rp.dynamodbBackupType ?? '', rp.sourceDbArn, rp.createdAt ?? '', rp.survivesDbDeletion, rp.continuous ?? false])).toEqual([
      ['dynamodb-backup', 'USER', TABLE_ARN, '2026-11-20T00:00:00+00:00', true, false],
      ['dynamodb-backup', 'SYSTEM', `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/carts-prod`, '2026-11-01T00:00:00+00:00', true, false],
      ['dynamodb-pitr', '', TABLE_ARN, '2026-11-26T23:55:00+00:00', true, true],
    ])
    // the pre-migration backup takes its environment from its table
    expect(inv.storeRecoveryPoints[0].environment).toMatchObject({ environment: 'prod', detail: expect.stringMatching(/^source table sessions-prod: tag Environment=prod/) })
    const [store] = dataStores(inv).filter((s) => s.store === 'table')
    expect(survivingRecoveryPoints(store).map((rp) => rp.kind)).toEqual(['dynamodb-backup', 'dynamodb-pitr'])
  })

  it('PITR off is no recovery point; no tags file means no tags; a table not described is left out with a gap', () => {
    const inv = load(writeSnapshotDir({
      ...tableFiles({
        [r('dynamodb-list-tables')]: { TableNames: ['sessions-prod', 'ghost'] },
        [r('dynamodb-describe-continuous-backups--sessions-prod')]: { ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' } } },
        [r('dynamodb-list-tags-of-resource--sessions-prod')]: null,
        [r('dynamodb-list-backups')]: { BackupSummaries: [] },
      }),
      ...listBuckets(),
    }))
    expect(inv.tables.map((t) => [t.name, t.pointInTimeRecovery?.enabled, t.tags])).toEqual([['sessions-prod', false, {}]])
    expect(inv.storeRecoveryPoints).toEqual([])
    expect(inv.gaps.filter((gap) => gap.part.startsWith('dynamodb')).map((gap) => [gap.part, gap.what])).toEqual([
      ['dynamodbTables', r('dynamodb-describe-table--ghost')],
      ['dynamodbPitr', r('dynamodb-describe-continuous-backups--ghost')],
    ])
  })

  it.each([
    ['deletion protection as a string', 'dynamodb-describe-table--sessions-prod', { Table: { TableName: 'sessions-prod', TableArn: TABLE_ARN, DeletionProtectionEnabled: 'false' } }, '$.Table.DeletionProtectionEnabled', 'a boolean'],
    ['a PITR status the API never answers', 'dynamodb-describe-continuous-backups--sessions-prod', { ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ON' } } }, '$.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus', 'one of "ENABLED", "DISABLED"'],
    ['a backup type that does not exist', 'dynamodb-list-backups', { BackupSummaries: [{ TableName: 't', BackupArn: 'a', BackupStatus: 'AVAILABLE', BackupType: 'MANUAL' }] }, '$.BackupSummaries[0].BackupType', 'one of "USER", "SYSTEM", "AWS_BACKUP"'],
    ['a backup date that is no date', 'dynamodb-list-backups', { BackupSummaries: [{ TableName: 't', BackupArn: 'a', BackupStatus: 'AVAILABLE', BackupType: 'USER', BackupCreationDateTime: 'last Tuesday' }] }, '$.BackupSummaries[0].BackupCreationDateTime', 'a timestamp such as 2026-11-27T00:00:00Z (ISO 8601, as the AWS CLI prints it)'],
    ['a table name with a slash', 'dynamodb-list-tables', { TableNames: ['a/b'] }, '$.TableNames[0]', 'a name without /, \\ or control characters (it is part of a snapshot file name)'],
  ])('bad input: %s', (_what, name, content, jsonPath, expected) => {
    const dir = writeSnapshotDir({ ...tableFiles(), ...listBuckets(), [r(name)]: content })
    const e = inputError(() => load(dir))
    expect([e.file, e.jsonPath, e.expected]).toEqual([join(dir, r(name)), jsonPath, expected])
  })
})

describe('recovery points of buckets and tables from other sources', () => {
  it('links AWS Backup points of ResourceType S3 and DynamoDB to their bucket and table', () => {
    const vault = (name: string) => ({ BackupVaultName: name, BackupVaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:${name}`, NumberOfRecoveryPoints: 2 })
    const point = (id: string, resource: string, type: string) => ({
      RecoveryPointArn: `arn:aws:backup:${REGION}:${ACCOUNT}:recovery-point:${id}`, BackupVaultName: 'main', BackupVaultArn: vault('main').BackupVaultArn,
      ResourceArn: resource, ResourceType: type, CreationDate: '2026-11-26T05:00:00+00:00', Status: 'COMPLETED',
    })
    const inv = load(writeSnapshotDir({
      ...tableFiles(), ...listBuckets({ Name: 'invoices', BucketRegion: REGION }), [g('s3api-get-bucket-versioning--invoices')]: {},
      [g('s3api-get-bucket-tagging--invoices')]: { TagSet: [{ Key: 'env', Value: 'staging' }] },
      [r('backup-list-backup-vaults')]: { BackupVaultList: [vault('main')] },
      [r('backup-list-recovery-points-by-backup-vault--main')]: { RecoveryPoints: [point('s3-1', 'arn:aws:s3:::invoices', 'S3'), point('ddb-1', TABLE_ARN, 'DynamoDB')] },
    }))
    const byStore = Object.fromEntries(dataStores(inv).map((s) => [s.name, s.recoveryPoints.map((rp) => rp.kind).sort()]))
    expect(byStore).toEqual({ invoices: ['backup-recovery-point'], 'sessions-prod': ['backup-recovery-point', 'dynamodb-backup', 'dynamodb-pitr'] })
    // a staging bucket's recovery point is staging, though the account is prod
    expect(inv.recoveryPoints.find((rp) => rp.sourceDbArn === 'arn:aws:s3:::invoices')?.environment).toMatchObject({ environment: 'staging', detail: expect.stringMatching(/^source bucket invoices/) })
  })

  it('makes an enabled, unfiltered replication rule a recovery point of the source, located by the destination when the snapshot has it', () => {
    const manifest = {
      formatVersion: 1, collectedAt: '2026-11-27T00:00:00Z',
      accounts: [{ id: ACCOUNT, environment: 'prod', regions: [REGION] }, { id: OTHER, name: 'acme-backup', environment: 'prod', regions: [REGION] }],
    }
    const replication = (rules: object[]) => ({ ReplicationConfiguration: { Role: 'arn:aws:iam::111111111111:role/r', Rules: rules } })
    const rule = (id: string, bucket: string, extra: object = {}) => ({ ID: id, Priority: 1, Filter: {}, Status: 'Enabled', Destination: { Bucket: `arn:aws:s3:::${bucket}` }, DeleteMarkerReplication: { Status: 'Disabled' }, ...extra })
    const inv = load(writeSnapshotDir({
      ...minimalSnapshotFiles(OTHER, REGION),
      'snapshot.json': manifest,
      ...listBuckets({ Name: 'a', BucketRegion: REGION }),
      [g('s3api-get-bucket-versioning--a')]: { Status: 'Enabled' },
      [g('s3api-get-bucket-replication--a')]: replication([
        rule('known', 'a-replica'),
        rule('told', 'a-elsewhere', { Destination: { Bucket: 'arn:aws:s3:::a-elsewhere', Account: '444444444444' } }),
        rule('unknown', 'a-somewhere'),
        rule('disabled', 'a-off', { Status: 'Disabled' }),
        rule('logs-only', 'a-logs', { Filter: { Prefix: 'logs/' } }),
      ]),
      [g('s3api-list-buckets', OTHER)]: { Buckets: [{ Name: 'a-replica' }] },
      [g('s3api-get-bucket-location--a-replica', OTHER)]: { LocationConstraint: 'us-west-2' },
      [g('s3api-get-bucket-versioning--a-replica', OTHER)]: { Status: 'Enabled' },
      ...emptyDynamodb,
      [r('dynamodb-list-tables', OTHER)]: { TableNames: [] }, [r('dynamodb-list-backups', OTHER)]: { BackupSummaries: [] },
    }))
    const replicas = inv.storeRecoveryPoints.filter((rp) => rp.kind === 's3-replica')
    expect(replicas.map((rp) => [rp.replica?.ruleId, rp.arn, rp.accountId, rp.region, rp.replica?.accountFrom, rp.replica?.regionFrom])).toEqual([
      ['known', 'arn:aws:s3:::a-replica', OTHER, 'us-west-2', 'snapshot', 'snapshot'],
      ['told', 'arn:aws:s3:::a-elsewhere', '444444444444', REGION, 'rule', 'assumed'],
      ['unknown', 'arn:aws:s3:::a-somewhere', ACCOUNT, REGION, 'assumed', 'assumed'],
    ])
    const stores = Object.fromEntries(dataStores(inv).map((s) => [s.name, s]))
    expect(stores['a-replica'].copyOf).toEqual(['arn:aws:s3:::a'])
    expect(stores.a.copyOf).toEqual([])
    expect(survivingRecoveryPoints(stores.a)).toHaveLength(3)
  })
})

describe('a live scan of some parts', () => {
  it('reads only the files of those parts: the IAM files it did not collect are neither required nor gaps', () => {
    const files = new Map<string, string>([
      ['snapshot.json', JSON.stringify({ formatVersion: 1, collectedAt: '2026-11-27T00:00:00Z', accounts: [{ id: ACCOUNT, regions: [REGION] }], errors: [] })],
      [g('s3api-list-buckets'), JSON.stringify({ Buckets: [{ Name: 'b', BucketRegion: REGION }] })],
      [g('s3api-get-bucket-versioning--b'), '{}'],
    ])
    const raw = readSnapshot(new MemorySource('live scan', files), { parts: ['s3Versioning'] })
    expect(raw.gaps).toEqual([])
    expect(raw.accounts[0].buckets?.map((b) => [b.listing.Name, b.versioning, b.policy])).toEqual([['b', {}, undefined]])
    // the same files as a snapshot of every part: the required IAM file is missing
    expect(() => readSnapshot(new MemorySource('live scan', files))).toThrow(InputError)
  })
})
