// Every shape the published snapshot schemas accept must normalize, or be refused with one clean
// InputError (issue 11: an extra key under BackupSelection.Conditions crashed the normalizer with
// "(entries ?? []).map is not a function"). Whole snapshots are generated from the schemas, with
// extra keys the schemas allow, dependent files for every vault, plan, selection and user the
// list files name, and read and normalized as `bulkhead scan` does.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InternalError, isBulkheadError } from '../../src/errors.js'
import { NO_ENVIRONMENT_CONFIG } from '../../src/inventory/environment.js'
import { normalize } from '../../src/inventory/normalize.js'
import type { Inventory } from '../../src/inventory/types.js'
import { readSnapshot } from '../../src/snapshot/read.js'
import * as S from '../../src/snapshot/schemas/index.js'
import { MemorySource } from '../../src/snapshot/source.js'
import { validateOrThrow } from '../../src/snapshot/validate.js'
import { arbitraryOf, type ArbitraryOptions } from '../support/schema-arbitrary.js'
import { ACCOUNT, REGION } from '../support/snapshot-dir.js'

type Json = Record<string, unknown>
const g = (name: string) => `${ACCOUNT}/global/${name}.json`
const r = (name: string) => `${ACCOUNT}/${REGION}/${name}.json`

// Each snapshot is drawn tidy or messy. Messy: any value the schemas allow, mostly refused at
// the first odd policy or report row. Tidy: policy documents with real statements, credential
// reports with real rows, managed policies with a default version, so the normalizer runs to
// the end on schema-random names, ARNs, tags, dates and extra keys.
const COLLECTED_AT = '2026-11-27T00:00:00Z'
const HEADER = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated'
const COLUMNS = HEADER.split(',')
const DATE_VALUES = ['N/A', 'no_information', 'not_supported', '2026-01-01T00:00:00+00:00', '2020-02-29T12:00:00Z', '2026-11-26T23:59:59+00:00']
const cellOf = (column: string): fc.Arbitrary<string> =>
  column === 'user' ? fc.constantFrom('u', '<root_account>', 'deploy')
    : column === 'arn' ? fc.constantFrom(`arn:aws:iam::${ACCOUNT}:user/u`, `arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:user/deploy`)
      : /_time$|_last_|_next_/.test(column) ? fc.constantFrom(...DATE_VALUES)
        : fc.constantFrom('true', 'false', 'N/A', 'not_supported')
const tidyRow = fc.tuple(...COLUMNS.map(cellOf)).map((cells) => cells.join(','))
const messyRow = fc.array(fc.string({ maxLength: 6 }), { minLength: 22, maxLength: 22 }).map((cells) => cells.map((c) => c.replace(/[,\n\r]/g, '')).join(','))
const isPolicySchema = (s: Json) => Array.isArray(s.type) && s.type.includes('object') && s.type.includes('string')

function generators(messy: boolean) {
  const odd = <T>(tidy: fc.Arbitrary<T>, strange: fc.Arbitrary<unknown>) => (messy ? fc.oneof({ weight: 4, arbitrary: tidy }, { weight: 1, arbitrary: strange }) : tidy)
  const policyValue = odd(
    fc.constantFrom('*', 'rds:*', 'rds:Delete*', 'backup:DeleteRecoveryPoint', 'arn:aws:rds:*', `arn:aws:iam::${ACCOUNT}:root`, ['a:b', 'rds:Describe?'], '*?*'),
    fc.oneof(fc.constantFrom(1, true, null, [1]), fc.jsonValue({ maxDepth: 2 })),
  )
  const fields = {
    Effect: odd(fc.constantFrom('Allow', 'Deny'), fc.constantFrom('allow', 1)),
    Action: policyValue, NotAction: policyValue, Resource: policyValue, NotResource: policyValue,
    Principal: fc.oneof(fc.constant('*'), fc.record({ AWS: policyValue, Service: policyValue }, { requiredKeys: [] })),
    Condition: fc.dictionary(fc.constantFrom('StringEquals', 'ArnLike', 'Bool', 'ForAnyValue:StringLike', 'Foo'), fc.dictionary(fc.constantFrom('aws:PrincipalArn', 'aws:PrincipalOrgID', 'sts:ExternalId', 'x'), policyValue, { maxKeys: 2 }), { maxKeys: 2 }),
  }
  const statement = odd(fc.record(fields, { requiredKeys: ['Effect', 'Action'] }), fc.record(fields, { requiredKeys: ['Effect'] }))
  const policyDocument = odd(
    fc.record({ Version: fc.constant('2012-10-17'), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })) }),
    fc.oneof(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), fc.string()),
  )
  // a tidy snapshot holds no data from after its collectedAt
  const opts: ArbitraryOptions = { extraKeys: true, ...(messy ? {} : { latest: new Date(COLLECTED_AT) }), custom: (s) => (isPolicySchema(s) ? policyDocument : undefined) }
  const report = odd(
    fc.array(tidyRow, { maxLength: 3 }).map((rows) => ({ Content: Buffer.from([HEADER, ...rows].join('\n')).toString('base64'), ReportFormat: 'text/csv' })),
    fc.oneof(arbitraryOf(S.credentialReportSchema as Json), fc.array(fc.oneof(tidyRow, messyRow), { maxLength: 3 }).map((rows) => ({ Content: Buffer.from([HEADER, ...rows].join('\n')).toString('base64') }))),
  )
  // a managed policy needs exactly one default version; tidy ones get it
  const authz = arbitraryOf(S.authorizationDetailsSchema as Json, opts).map((v) => {
    if (messy) return v
    for (const p of ((v as Json).Policies ?? []) as Json[]) {
      const versions = p.PolicyVersionList as Json[]
      versions.forEach((x, i) => (x.IsDefaultVersion = i === 0))
      if (versions.length === 0) versions.push({ Document: { Statement: [] }, VersionId: 'v1', IsDefaultVersion: true })
    }
    return v
  })
  return { opts, report, authz }
}

/** one arbitrary per name, for the files a list file makes the reader look for */
const each = <T>(names: string[], arb: fc.Arbitrary<T>) => fc.tuple(...names.map(() => arb))

/** Which schema each file of the generated snapshot was drawn from, to prove the generator honest. */
interface Drawn { path: string; schema: SchemaName; value: unknown }
type SchemaName = { [K in keyof typeof S]: (typeof S)[K] extends string ? never : K }[keyof typeof S]

const snapshotOf = (messy: boolean) => {
  const { opts, report, authz } = generators(messy)
  const of = (schema: object) => arbitraryOf(schema as Json, opts)
  const maybe = (schema: object) => fc.option(of(schema), { nil: undefined })
  return fc
  .record({
    authz, report,
    instances: of(S.dbInstancesSchema), clusters: of(S.dbClustersSchema), snapshots: of(S.dbSnapshotsSchema),
    clusterSnapshots: of(S.dbClusterSnapshotsSchema), automated: of(S.dbInstanceAutomatedBackupsSchema),
    clusterAutomated: maybe(S.dbClusterAutomatedBackupsSchema), vaults: of(S.backupVaultsSchema), plans: of(S.backupPlansSchema),
    kms: maybe(S.kmsAliasesSchema), secrets: maybe(S.secretsSchema),
    orgAccounts: maybe(S.orgAccountsSchema), orgTags: maybe(S.orgTagsSchema), orgRoots: maybe(S.orgRootsSchema),
    orgParents: maybe(S.orgParentsSchema), orgTargets: maybe(S.orgPoliciesForTargetSchema), orgPolicy: maybe(S.orgDescribePolicySchema),
    buckets: maybe(S.s3ListBucketsSchema), tables: maybe(S.dynamodbListTablesSchema), tableBackups: maybe(S.dynamodbListBackupsSchema),
  })
  .chain((base) => {
    const users = ((base.authz as Json).UserDetailList as Json[] | undefined ?? []).map((u) => String(u.UserName))
    const vaults = ((base.vaults as Json).BackupVaultList as Json[]).map((v) => String(v.BackupVaultName))
    const plans = ((base.plans as Json).BackupPlansList as Json[]).map((p) => String(p.BackupPlanId))
    const buckets = ((base.buckets as Json | undefined)?.Buckets as Json[] | undefined ?? []).map((b) => String(b.Name))
    const tables = ((base.tables as Json | undefined)?.TableNames as string[] | undefined) ?? []
    return fc.record({
      base: fc.constant(base),
      bucketFiles: each(buckets, fc.record({
        location: maybe(S.s3BucketLocationSchema), versioning: maybe(S.s3BucketVersioningSchema), lock: maybe(S.s3ObjectLockSchema),
        replication: maybe(S.s3ReplicationSchema), policy: maybe(S.s3BucketPolicySchema), lifecycle: maybe(S.s3LifecycleSchema), tagging: maybe(S.s3BucketTaggingSchema),
      })),
      tableFiles: each(tables, fc.record({ table: maybe(S.dynamodbDescribeTableSchema), continuous: maybe(S.dynamodbContinuousBackupsSchema), tags: maybe(S.dynamodbTagsSchema) })),
      accessKeys: each(users, maybe(S.listAccessKeysSchema)),
      vaultPolicies: each(vaults, maybe(S.vaultAccessPolicySchema)),
      recoveryPoints: each(vaults, of(S.recoveryPointsSchema)),
      plans: each(plans, of(S.backupPlanSchema)),
      selections: each(plans, of(S.backupSelectionsSchema)),
    }).chain((deps) => {
      const selectionIds = deps.selections.map((l) => ((l as Json).BackupSelectionsList as Json[]).map((s) => String(s.SelectionId)))
      return fc.record({ deps: fc.constant(deps), selection: fc.tuple(...selectionIds.map((ids) => each(ids, of(S.backupSelectionSchema)))) })
    }).map(({ deps, selection }) => {
      const drawn: Drawn[] = []
      const put = (path: string, schema: SchemaName, value: unknown) => value !== undefined && drawn.push({ path, schema, value })
      const b = deps.base
      put(g('iam-get-account-authorization-details'), 'authorizationDetailsSchema', b.authz)
      put(g('iam-get-credential-report'), 'credentialReportSchema', b.report)
      put(r('rds-describe-db-instances'), 'dbInstancesSchema', b.instances)
      put(r('rds-describe-db-clusters'), 'dbClustersSchema', b.clusters)
      put(r('rds-describe-db-snapshots'), 'dbSnapshotsSchema', b.snapshots)
      put(r('rds-describe-db-cluster-snapshots'), 'dbClusterSnapshotsSchema', b.clusterSnapshots)
      put(r('rds-describe-db-instance-automated-backups'), 'dbInstanceAutomatedBackupsSchema', b.automated)
      put(r('rds-describe-db-cluster-automated-backups'), 'dbClusterAutomatedBackupsSchema', b.clusterAutomated)
      put(r('backup-list-backup-vaults'), 'backupVaultsSchema', b.vaults)
      put(r('backup-list-backup-plans'), 'backupPlansSchema', b.plans)
      put(r('kms-list-aliases'), 'kmsAliasesSchema', b.kms)
      put(r('secretsmanager-list-secrets'), 'secretsSchema', b.secrets)
      put(g('organizations-list-accounts'), 'orgAccountsSchema', b.orgAccounts)
      put(g(`organizations-list-tags-for-resource--${ACCOUNT}`), 'orgTagsSchema', b.orgTags)
      put(g('organizations-list-roots'), 'orgRootsSchema', b.orgRoots)
      put(g(`organizations-list-parents--${ACCOUNT}`), 'orgParentsSchema', b.orgParents)
      put(g(`organizations-list-policies-for-target--${ACCOUNT}`), 'orgPoliciesForTargetSchema', b.orgTargets)
      put(g('organizations-describe-policy--p-1'), 'orgDescribePolicySchema', b.orgPolicy)
      put(g('s3api-list-buckets'), 's3ListBucketsSchema', b.buckets)
      ;((b.buckets as Json | undefined)?.Buckets as Json[] | undefined ?? []).forEach((bucket, i) => {
        const name = String(bucket.Name)
        const f = deps.bucketFiles[i]
        put(g(`s3api-get-bucket-location--${name}`), 's3BucketLocationSchema', f.location)
        put(g(`s3api-get-bucket-versioning--${name}`), 's3BucketVersioningSchema', f.versioning)
        put(g(`s3api-get-object-lock-configuration--${name}`), 's3ObjectLockSchema', f.lock)
        put(g(`s3api-get-bucket-replication--${name}`), 's3ReplicationSchema', f.replication)
        put(g(`s3api-get-bucket-policy--${name}`), 's3BucketPolicySchema', f.policy)
        put(g(`s3api-get-bucket-lifecycle-configuration--${name}`), 's3LifecycleSchema', f.lifecycle)
        put(g(`s3api-get-bucket-tagging--${name}`), 's3BucketTaggingSchema', f.tagging)
      })
      put(r('dynamodb-list-tables'), 'dynamodbListTablesSchema', b.tables)
      put(r('dynamodb-list-backups'), 'dynamodbListBackupsSchema', b.tableBackups)
      ;((b.tables as Json | undefined)?.TableNames as string[] | undefined ?? []).forEach((name, i) => {
        const f = deps.tableFiles[i]
        put(r(`dynamodb-describe-table--${name}`), 'dynamodbDescribeTableSchema', f.table)
        put(r(`dynamodb-describe-continuous-backups--${name}`), 'dynamodbContinuousBackupsSchema', f.continuous)
        put(r(`dynamodb-list-tags-of-resource--${name}`), 'dynamodbTagsSchema', f.tags)
      })
      const users = ((b.authz as Json).UserDetailList as Json[] | undefined ?? []).map((u) => String(u.UserName))
      users.forEach((u, i) => put(g(`iam-list-access-keys--${u}`), 'listAccessKeysSchema', deps.accessKeys[i]))
      const vaults = ((b.vaults as Json).BackupVaultList as Json[]).map((v) => String(v.BackupVaultName))
      vaults.forEach((v, i) => {
        put(r(`backup-get-backup-vault-access-policy--${v}`), 'vaultAccessPolicySchema', deps.vaultPolicies[i])
        put(r(`backup-list-recovery-points-by-backup-vault--${v}`), 'recoveryPointsSchema', deps.recoveryPoints[i])
      })
      const plans = ((b.plans as Json).BackupPlansList as Json[]).map((p) => String(p.BackupPlanId))
      plans.forEach((p, i) => {
        put(r(`backup-get-backup-plan--${p}`), 'backupPlanSchema', deps.plans[i])
        put(r(`backup-list-backup-selections--${p}`), 'backupSelectionsSchema', deps.selections[i])
        const ids = ((deps.selections[i] as Json).BackupSelectionsList as Json[]).map((s) => String(s.SelectionId))
        ids.forEach((id, j) => put(r(`backup-get-backup-selection--${p}--${id}`), 'backupSelectionSchema', selection[i][j]))
      })
      return { messy, drawn }
    })
  })
}
const snapshot = fc.oneof(snapshotOf(false), snapshotOf(true))

const manifest = { formatVersion: 1, collectedAt: COLLECTED_AT, accounts: [{ id: ACCOUNT, name: 'acme-prod', environment: 'prod', regions: [REGION] }] }

/** Read and normalize as `bulkhead scan` does; a BulkheadError other than InternalError is a clean refusal. */
function readAndNormalize(files: Map<string, string>): { inventory?: Inventory; refused?: string } {
  try {
    const raw = readSnapshot(new MemorySource('generated', files))
    return { inventory: normalize(raw, { environments: NO_ENVIRONMENT_CONFIG, breakGlass: ['arn:aws:iam::*:role/break-*'], kind: 'snapshot' }) }
  } catch (err) {
    if (isBulkheadError(err) && !(err instanceof InternalError)) return { refused: err.message }
    throw err
  }
}

describe('schema-valid snapshots never crash the reader or the normalizer', () => {
  it('whole snapshots drawn from the published schemas: normalized, or refused with one clean line', () => {
    let normalized = 0
    let refused = 0
    const schemasDrawn = new Set<string>()
    fc.assert(
      fc.property(snapshot, ({ drawn }) => {
        for (const d of drawn) schemasDrawn.add(d.schema)
        // the generator is honest: every file it drew passes its schema
        for (const d of drawn) validateOrThrow(S[d.schema], d.value, d.path)
        const files = new Map([['snapshot.json', JSON.stringify(manifest)], ...drawn.map((d) => [d.path, JSON.stringify(d.value)] as [string, string])])
        const out = readAndNormalize(files)
        if (out.inventory) normalized++
        else {
          refused++
          expect(out.refused).not.toMatch(/\n/)
        }
      }),
      { numRuns: 200, seed: 11 },
    )
    // both outcomes are reached, so the property tests normalization and not only refusals
    expect(normalized).toBeGreaterThan(50)
    expect(refused).toBeGreaterThan(0)
    // every published file schema is drawn: a new snapshot file needs its place in the generator
    const published = Object.entries(S).filter(([name, v]) => typeof v === 'object' && name !== 'manifestSchema').map(([name]) => name)
    expect([...schemasDrawn].sort()).toEqual(published.sort())
  })

  it('manifests drawn from their schema: read, or refused with one clean line', () => {
    fc.assert(
      fc.property(arbitraryOf(S.manifestSchema as Json, { extraKeys: true }), (m) => {
        validateOrThrow(S.manifestSchema, m, 'snapshot.json')
        const out = readAndNormalize(new Map([['snapshot.json', JSON.stringify(m)]]))
        if (out.refused) expect(out.refused).not.toMatch(/\n/)
      }),
      { numRuns: 200, seed: 11 },
    )
  })

  it('the issue’s case: an extra operator with an object value under BackupSelection.Conditions', () => {
    const files = new Map(Object.entries({
      'snapshot.json': manifest,
      [g('iam-get-account-authorization-details')]: { UserDetailList: [] },
      [g('iam-get-credential-report')]: { Content: Buffer.from(`${HEADER}\n`).toString('base64') },
      [r('rds-describe-db-instances')]: { DBInstances: [] }, [r('rds-describe-db-clusters')]: { DBClusters: [] },
      [r('rds-describe-db-snapshots')]: { DBSnapshots: [] }, [r('rds-describe-db-cluster-snapshots')]: { DBClusterSnapshots: [] },
      [r('rds-describe-db-instance-automated-backups')]: { DBInstanceAutomatedBackups: [] }, [r('backup-list-backup-vaults')]: { BackupVaultList: [] },
      [r('backup-list-backup-plans')]: { BackupPlansList: [{ BackupPlanId: 'p1' }] },
      [r('backup-get-backup-plan--p1')]: { BackupPlanId: 'p1', BackupPlan: { BackupPlanName: 'daily', Rules: [] } },
      [r('backup-list-backup-selections--p1')]: { BackupSelectionsList: [{ SelectionId: 's1' }] },
      [r('backup-get-backup-selection--p1--s1')]: {
        BackupSelection: {
          SelectionName: 'tagged', IamRoleArn: 'arn:aws:iam::111111111111:role/backup', Resources: ['*'],
          Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'yes' }], Foo: { bar: 1 } },
        },
      },
    }).map(([k, v]) => [k, JSON.stringify(v)]))
    const { inventory, refused } = readAndNormalize(files)
    expect(refused).toBeUndefined()
    // the unknown operator is kept: it holds for nothing, so the selection selects nothing rather than everything
    expect(inventory!.backupPlans[0].selections[0].conditions).toEqual([
      { operator: 'StringEquals', key: 'aws:ResourceTag/backup', value: 'yes' },
      { operator: 'Foo', key: '', value: '' },
    ])
  })
})
