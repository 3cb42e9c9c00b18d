// collectLive against mocked AWS clients (aws-sdk-client-mock): response shapes are the ones of
// the AWS API references, so the operations moto lacks (several AWS Backup calls, RDS cluster
// automated backups) are covered here, and the output goes through the real snapshot reader.
import { BackupClient, GetBackupPlanCommand, GetBackupSelectionCommand, GetBackupVaultAccessPolicyCommand, ListBackupPlansCommand, ListBackupSelectionsCommand, ListBackupVaultsCommand, ListRecoveryPointsByBackupVaultCommand, ResourceNotFoundException } from '@aws-sdk/client-backup'
import { GenerateCredentialReportCommand, GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, IAMClient, ListAccessKeysCommand, ListAccountAliasesCommand } from '@aws-sdk/client-iam'
import { DescribeDBClusterAutomatedBackupsCommand, DescribeDBClusterSnapshotsCommand, DescribeDBClustersCommand, DescribeDBInstanceAutomatedBackupsCommand, DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms'
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { GetBucketLifecycleConfigurationCommand, GetBucketLocationCommand, GetBucketPolicyCommand, GetBucketReplicationCommand, GetBucketTaggingCommand, GetBucketVersioningCommand, GetObjectLockConfigurationCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3'
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, ListBackupsCommand, ListTablesCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { DescribePolicyCommand, ListAccountsCommand, ListParentsCommand, ListPoliciesForTargetCommand, ListRootsCommand, ListTagsForResourceCommand, OrganizationsClient, PolicyTypeNotEnabledException } from '@aws-sdk/client-organizations'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { collectLive } from '../../src/collect/index.js'
import { readSnapshot } from '../../src/snapshot/read.js'

const sts = mockClient(STSClient)
const iam = mockClient(IAMClient)
const rds = mockClient(RDSClient)
const backup = mockClient(BackupClient)
const kms = mockClient(KMSClient)
const secrets = mockClient(SecretsManagerClient)
const s3 = mockClient(S3Client)
const dynamodb = mockClient(DynamoDBClient)
const quiet = { write: () => true, isTTY: false }

const PROD = '111111111111'
const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'rds:*', Resource: '*' }] }
const db = (id: string) => ({ DBInstanceIdentifier: id, DBInstanceArn: `arn:aws:rds:us-east-1:${PROD}:db:${id}`, Engine: 'postgres', BackupRetentionPeriod: 7, DeletionProtection: false, InstanceCreateTime: new Date('2026-01-01T00:00:00Z') })
const csv = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n'

/** An S3 error as the SDK throws it: the code is the error's name. */
const s3Error = (name: string) => Object.assign(new Error(`${name}: the API's NotFound answer`), { name, $metadata: { httpStatusCode: 404 } })
const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${PROD}:table/sessions-prod`

/** Shapes from the Amazon S3 and DynamoDB API references. */
function storesEstate(): void {
  s3.on(ListBucketsCommand).resolves({
    Buckets: [{ Name: 'invoices-prod', CreationDate: new Date('2025-01-01T00:00:00Z'), BucketRegion: 'us-east-1' }, { Name: 'logs-eu', CreationDate: new Date('2025-01-01T00:00:00Z') }],
    Owner: { DisplayName: 'acme', ID: 'abc123' },
  })
  s3.on(GetBucketLocationCommand, { Bucket: 'logs-eu' }).resolves({ LocationConstraint: 'EU' })
  s3.on(GetBucketVersioningCommand, { Bucket: 'invoices-prod' }).resolves({ Status: 'Enabled', MFADelete: 'Disabled' })
  s3.on(GetBucketVersioningCommand, { Bucket: 'logs-eu' }).resolves({})
  s3.on(GetObjectLockConfigurationCommand, { Bucket: 'invoices-prod' }).resolves({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } } } })
  s3.on(GetObjectLockConfigurationCommand, { Bucket: 'logs-eu' }).rejects(s3Error('ObjectLockConfigurationNotFoundError'))
  s3.on(GetBucketReplicationCommand, { Bucket: 'invoices-prod' }).resolves({
    ReplicationConfiguration: { Role: `arn:aws:iam::${PROD}:role/replication`, Rules: [{ ID: 'all', Priority: 1, Status: 'Enabled', Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::invoices-replica', Account: '333333333333' } }] },
  })
  s3.on(GetBucketReplicationCommand, { Bucket: 'logs-eu' }).rejects(s3Error('ReplicationConfigurationNotFoundError'))
  s3.on(GetBucketPolicyCommand, { Bucket: 'invoices-prod' }).resolves({ Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:DeleteObjectVersion', Resource: 'arn:aws:s3:::invoices-prod/*' }] }) })
  s3.on(GetBucketPolicyCommand, { Bucket: 'logs-eu' }).rejects(s3Error('NoSuchBucketPolicy'))
  s3.on(GetBucketLifecycleConfigurationCommand, { Bucket: 'invoices-prod' }).resolves({ Rules: [{ ID: 'old-versions', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 365 } }] })
  s3.on(GetBucketLifecycleConfigurationCommand, { Bucket: 'logs-eu' }).rejects(s3Error('NoSuchLifecycleConfiguration'))
  s3.on(GetBucketTaggingCommand, { Bucket: 'invoices-prod' }).resolves({ TagSet: [{ Key: 'Environment', Value: 'prod' }] })
  s3.on(GetBucketTaggingCommand, { Bucket: 'logs-eu' }).rejects(s3Error('NoSuchTagSet'))

  dynamodb.on(ListTablesCommand).resolves({ TableNames: ['sessions-prod'] })
  dynamodb.on(DescribeTableCommand).resolves({ Table: { TableName: 'sessions-prod', TableArn: TABLE_ARN, TableId: 'a1b2c3', TableStatus: 'ACTIVE', DeletionProtectionEnabled: false, CreationDateTime: new Date('2025-01-01T00:00:00Z') } })
  dynamodb.on(DescribeContinuousBackupsCommand).resolves({ ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' } } })
  dynamodb.on(ListTagsOfResourceCommand).resolves({ Tags: [{ Key: 'Environment', Value: 'prod' }] })
  dynamodb.on(ListBackupsCommand).resolves({
    BackupSummaries: [{ TableName: 'sessions-prod', TableId: 'a1b2c3', TableArn: TABLE_ARN, BackupArn: `${TABLE_ARN}/backup/01700000000000-abcdef12`, BackupName: 'before-migration', BackupCreationDateTime: new Date('2026-11-20T00:00:00Z'), BackupStatus: 'AVAILABLE', BackupType: 'USER', BackupSizeBytes: 1024 }],
  })
}

function happyEstate(): void {
  storesEstate()
  sts.on(GetCallerIdentityCommand).resolves({ Account: PROD, Arn: `arn:aws:iam::${PROD}:user/auditor`, UserId: 'AIDAEXAMPLE' })
  iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: ['acme-prod'], IsTruncated: false })
  // Two pages, as IAM answers with MaxItems: the snapshot must hold both.
  iam.on(GetAccountAuthorizationDetailsCommand)
    .resolvesOnce({
      UserDetailList: [{ UserName: 'deployer', UserId: 'AIDA1', Arn: `arn:aws:iam::${PROD}:user/deployer`, Path: '/', CreateDate: new Date('2025-01-01T00:00:00Z'), UserPolicyList: [{ PolicyName: 'inline', PolicyDocument: encodeURIComponent(JSON.stringify(doc)) }] }],
      IsTruncated: true,
      Marker: 'page2',
    })
    .resolvesOnce({
      RoleDetailList: [{ RoleName: 'app', RoleId: 'AROA1', Arn: `arn:aws:iam::${PROD}:role/app`, Path: '/', AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(doc)) }],
      GroupDetailList: [],
      Policies: [],
      IsTruncated: false,
    })
  iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ UserName: 'deployer', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Active', CreateDate: new Date('2025-01-01T00:00:00Z') }], IsTruncated: false })
  iam.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED' }).resolves({ State: 'COMPLETE' })
  iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(csv), ReportFormat: 'text/csv', GeneratedTime: new Date('2026-11-27T00:00:00Z') })

  rds.on(DescribeDBInstancesCommand).resolvesOnce({ DBInstances: [db('orders-prod')], Marker: 'm2' }).resolves({ DBInstances: [db('billing-prod')] })
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [] })
  rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] })
  rds.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [] })
  rds.on(DescribeDBInstanceAutomatedBackupsCommand).resolves({ DBInstanceAutomatedBackups: [] })
  rds.on(DescribeDBClusterAutomatedBackupsCommand).resolves({ DBClusterAutomatedBackups: [] })

  kms.on(ListAliasesCommand).resolves({
    Aliases: [
      { AliasName: 'alias/aws/rds', AliasArn: `arn:aws:kms:us-east-1:${PROD}:alias/aws/rds`, TargetKeyId: '0987dcba-09fe-87dc-65ba-ab0987654321' },
      { AliasName: 'alias/orders', AliasArn: `arn:aws:kms:us-east-1:${PROD}:alias/orders`, TargetKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
    ],
    Truncated: false,
  })
  secrets.on(ListSecretsCommand).resolves({
    SecretList: [{ ARN: `arn:aws:secretsmanager:us-east-1:${PROD}:secret:orders-db-AbCdEf`, Name: 'orders-db', KmsKeyId: 'alias/orders', Tags: [{ Key: 'Environment', Value: 'prod' }], LastChangedDate: new Date('2026-01-01T00:00:00Z') }],
  })

  // Shapes from the AWS Backup API reference.
  backup.on(ListBackupVaultsCommand).resolves({
    BackupVaultList: [
      { BackupVaultName: 'main', BackupVaultArn: `arn:aws:backup:us-east-1:${PROD}:backup-vault:main`, CreationDate: new Date('2025-01-01T00:00:00Z'), EncryptionKeyArn: `arn:aws:kms:us-east-1:${PROD}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, NumberOfRecoveryPoints: 1, Locked: true, MinRetentionDays: 7, LockDate: new Date('2025-02-01T00:00:00Z') },
      { BackupVaultName: 'scratch', BackupVaultArn: `arn:aws:backup:us-east-1:${PROD}:backup-vault:scratch`, CreationDate: new Date('2025-01-01T00:00:00Z'), NumberOfRecoveryPoints: 0, Locked: false },
    ],
  })
  backup.on(GetBackupVaultAccessPolicyCommand, { BackupVaultName: 'main' }).resolves({
    BackupVaultName: 'main',
    BackupVaultArn: `arn:aws:backup:us-east-1:${PROD}:backup-vault:main`,
    Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'backup:DeleteRecoveryPoint', Resource: '*' }] }),
  })
  backup.on(GetBackupVaultAccessPolicyCommand, { BackupVaultName: 'scratch' }).rejects(new ResourceNotFoundException({ $metadata: {}, message: 'Backup vault scratch has no access policy', Type: 'Backup Vault Access Policy', Context: 'scratch' }))
  backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'main' }).resolves({
    RecoveryPoints: [
      {
        RecoveryPointArn: `arn:aws:rds:us-east-1:${PROD}:snapshot:awsbackup:job-1a2b3c4d`,
        BackupVaultName: 'main',
        BackupVaultArn: `arn:aws:backup:us-east-1:${PROD}:backup-vault:main`,
        ResourceArn: `arn:aws:rds:us-east-1:${PROD}:db:orders-prod`,
        ResourceType: 'RDS',
        CreatedBy: { BackupPlanId: 'plan-1', BackupPlanArn: `arn:aws:backup:us-east-1:${PROD}:backup-plan:plan-1`, BackupPlanVersion: 'v1', BackupRuleId: 'rule-1' },
        IamRoleArn: `arn:aws:iam::${PROD}:role/service-role/AWSBackupDefaultServiceRole`,
        Status: 'COMPLETED',
        CreationDate: new Date('2026-11-26T05:00:00Z'),
        CompletionDate: new Date('2026-11-26T05:20:00Z'),
        Lifecycle: { DeleteAfterDays: 35 },
        CalculatedLifecycle: { DeleteAt: new Date('2026-12-31T05:00:00Z') },
        IsEncrypted: true,
      },
    ],
  })
  backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'scratch' }).resolves({ RecoveryPoints: [] })
  backup.on(ListBackupPlansCommand).resolves({ BackupPlansList: [{ BackupPlanId: 'plan-1', BackupPlanArn: `arn:aws:backup:us-east-1:${PROD}:backup-plan:plan-1`, BackupPlanName: 'daily', VersionId: 'v1', CreationDate: new Date('2025-01-01T00:00:00Z') }] })
  backup.on(GetBackupPlanCommand).resolves({
    BackupPlan: { BackupPlanName: 'daily', Rules: [{ RuleName: 'daily', RuleId: 'rule-1', TargetBackupVaultName: 'main', ScheduleExpression: 'cron(0 5 ? * * *)', Lifecycle: { DeleteAfterDays: 35 }, CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:us-west-2:333333333333:backup-vault:dr' }] }] },
    BackupPlanId: 'plan-1',
    BackupPlanArn: `arn:aws:backup:us-east-1:${PROD}:backup-plan:plan-1`,
    VersionId: 'v1',
    CreationDate: new Date('2025-01-01T00:00:00Z'),
  })
  backup.on(ListBackupSelectionsCommand).resolves({ BackupSelectionsList: [{ SelectionId: 'sel-1', SelectionName: 'prod-dbs', BackupPlanId: 'plan-1', IamRoleArn: `arn:aws:iam::${PROD}:role/service-role/AWSBackupDefaultServiceRole`, CreationDate: new Date('2025-01-01T00:00:00Z') }] })
  backup.on(GetBackupSelectionCommand).resolves({
    BackupSelection: {
      SelectionName: 'prod-dbs',
      IamRoleArn: `arn:aws:iam::${PROD}:role/service-role/AWSBackupDefaultServiceRole`,
      Resources: [`arn:aws:rds:us-east-1:${PROD}:db:orders-*`],
      ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'Environment', ConditionValue: 'prod' }],
    },
    SelectionId: 'sel-1',
    BackupPlanId: 'plan-1',
    CreationDate: new Date('2025-01-01T00:00:00Z'),
  })
}

const json = (text: string | undefined) => JSON.parse(text ?? 'null') as Record<string, unknown> & { [k: string]: never }

describe('collectLive (mocked AWS)', () => {
  beforeEach(() => happyEstate())
  afterEach(() => {
    sts.reset()
    iam.reset()
    rds.reset()
    backup.reset()
    kms.reset()
    secrets.reset()
    s3.reset()
    dynamodb.reset()
  })

  it('writes every snapshot file of spec §2 in the shape the AWS CLI prints', async () => {
    const { source } = await collectLive({ regions: ['us-east-1'], stderr: quiet })
    const files = source.list()
    const r = (name: string) => `${PROD}/us-east-1/${name}`
    expect(files).toEqual(
      [
        'snapshot.json',
        `${PROD}/global/iam-get-account-authorization-details.json`,
        `${PROD}/global/iam-get-credential-report.json`,
        `${PROD}/global/iam-list-access-keys--deployer.json`,
        r('rds-describe-db-instances.json'),
        r('rds-describe-db-clusters.json'),
        r('rds-describe-db-snapshots.json'),
        r('rds-describe-db-cluster-snapshots.json'),
        r('rds-describe-db-instance-automated-backups.json'),
        r('rds-describe-db-cluster-automated-backups.json'),
        r('backup-list-backup-vaults.json'),
        r('backup-get-backup-vault-access-policy--main.json'),
        r('backup-list-recovery-points-by-backup-vault--main.json'),
        r('backup-list-recovery-points-by-backup-vault--scratch.json'),
        r('backup-list-backup-plans.json'),
        r('backup-get-backup-plan--plan-1.json'),
        r('backup-list-backup-selections--plan-1.json'),
        r('backup-get-backup-selection--plan-1--sel-1.json'),
        r('kms-list-aliases.json'),
        r('secretsmanager-list-secrets.json'),
        `${PROD}/global/s3api-list-buckets.json`,
        ...['versioning', 'replication', 'policy', 'lifecycle-configuration', 'tagging'].map((f) => `${PROD}/global/s3api-get-bucket-${f}--invoices-prod.json`),
        `${PROD}/global/s3api-get-object-lock-configuration--invoices-prod.json`,
        // no BucketRegion: its location is asked; its NotFound answers are no files at all
        `${PROD}/global/s3api-get-bucket-location--logs-eu.json`,
        `${PROD}/global/s3api-get-bucket-versioning--logs-eu.json`,
        r('dynamodb-list-tables.json'),
        r('dynamodb-describe-table--sessions-prod.json'),
        r('dynamodb-describe-continuous-backups--sessions-prod.json'),
        r('dynamodb-list-tags-of-resource--sessions-prod.json'),
        r('dynamodb-list-backups.json'),
      ].sort(),
    )
    const manifest = json(source.readText('snapshot.json'))
    expect(manifest).toMatchObject({ formatVersion: 1, accounts: [{ id: PROD, name: 'acme-prod', regions: ['us-east-1'] }], errors: [] })
    expect(manifest.collectedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)

    const details = json(source.readText(`${PROD}/global/iam-get-account-authorization-details.json`)) as unknown as { UserDetailList: { UserPolicyList: { PolicyDocument: unknown }[] }[]; RoleDetailList: { AssumeRolePolicyDocument: unknown }[]; GroupDetailList: unknown[]; Policies: unknown[] }
    expect(details.UserDetailList).toHaveLength(1)
    expect(details.RoleDetailList).toHaveLength(1)
    expect(details.UserDetailList[0].UserPolicyList[0].PolicyDocument).toEqual(doc)
    expect(details.RoleDetailList[0].AssumeRolePolicyDocument).toEqual(doc)
    expect(Object.keys(details)).toEqual(['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'])

    const instances = json(source.readText(r('rds-describe-db-instances.json'))) as unknown as { DBInstances: { DBInstanceIdentifier: string; InstanceCreateTime: string }[] }
    expect(instances.DBInstances.map((d) => d.DBInstanceIdentifier)).toEqual(['orders-prod', 'billing-prod'])
    expect(instances.DBInstances[0].InstanceCreateTime).toBe('2026-01-01T00:00:00.000Z')
    expect(Object.keys(instances)).toEqual(['DBInstances'])

    const report = json(source.readText(`${PROD}/global/iam-get-credential-report.json`)) as unknown as { Content: string; ReportFormat: string }
    expect(Buffer.from(report.Content, 'base64').toString('utf8')).toBe(csv)
    expect(report.ReportFormat).toBe('text/csv')
  })

  it('gives the snapshot reader files it accepts, with the vault without policy read as "no policy"', async () => {
    const { source } = await collectLive({ regions: ['us-east-1'], stderr: quiet })
    const raw = readSnapshot(source)
    expect(raw.errors).toEqual([])
    expect(raw.gaps).toEqual([])
    const region = raw.accounts[0].regions[0]
    expect(region.vaults?.map((v) => [v.vault.BackupVaultName, v.policy === null ? 'none' : 'policy', v.recoveryPoints?.length])).toEqual([
      ['main', 'policy', 1],
      ['scratch', 'none', 0],
    ])
    expect(region.plans?.[0].selections.map((s) => s.id)).toEqual(['sel-1'])
  })

  it('records AccessDenied against the file and keeps collecting the rest', async () => {
    const denied = Object.assign(new Error(`User: arn:aws:iam::${PROD}:user/auditor is not authorized to perform: backup:ListBackupPlans`), { name: 'AccessDeniedException' })
    backup.on(ListBackupPlansCommand).rejects(denied)
    const { source } = await collectLive({ regions: ['us-east-1'], stderr: quiet })
    const manifest = json(source.readText('snapshot.json')) as unknown as { errors: { file: string; operation: string; message: string }[] }
    expect(manifest.errors).toEqual([
      { file: `${PROD}/us-east-1/backup-list-backup-plans.json`, operation: 'backup:ListBackupPlans', message: expect.stringMatching(/^AccessDeniedException: User: .* backup:ListBackupPlans$/) },
    ])
    expect(source.list()).not.toContain(`${PROD}/us-east-1/backup-list-backup-plans.json`)
    expect(source.list()).toContain(`${PROD}/us-east-1/backup-list-backup-vaults.json`)
    const raw = readSnapshot(source)
    expect(raw.gaps.map((g) => g.what)).toContain(`${PROD}/us-east-1/backup-list-backup-plans.json`)
  })

  it('collects only what the requested inventory parts need', async () => {
    const { source } = await collectLive({ regions: ['us-east-1'], stderr: quiet, parts: ['rds'] })
    expect(source.list()).toEqual([`${PROD}/us-east-1/rds-describe-db-clusters.json`, `${PROD}/us-east-1/rds-describe-db-instances.json`, 'snapshot.json'])
    expect(backup.calls()).toHaveLength(0)
    expect(iam.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(0)
  })

  it('counts one minimum call per page and per listed resource', async () => {
    const { minimumCalls } = await collectLive({ regions: ['us-east-1'], stderr: quiet })
    // iam: 2 pages of details + 1 access-key list + generate/get report = 5; rds: 7 (instances has 2 pages);
    // backup: vaults 1 + policies 2 + recovery points 2 + plans 1 + plan 1 + selections 1 + selection 1 = 9;
    // kms aliases 1 + secrets 1; s3: list 1 + invoices-prod 6 + logs-eu location 1 + 6 (five of
    // them NotFound, still one call each) = 14; dynamodb: tables 1 + describe, backups, tags 3 + list-backups 1 = 5
    expect(minimumCalls).toBe(5 + 7 + 9 + 2 + 14 + 5)
  })

  it('fails with one message when the credentials cannot even say who they are', async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('The security token included in the request is invalid.'), { name: 'InvalidClientTokenId' }))
    await expect(collectLive({ regions: ['us-east-1'], stderr: quiet })).rejects.toThrow(/cannot call AWS with these credentials .*InvalidClientTokenId/)
  })
})

describe('collectLive: S3 and DynamoDB (spec §8, mocked AWS)', () => {
  beforeEach(() => happyEstate())
  afterEach(() => {
    for (const m of [sts, iam, rds, backup, kms, secrets, s3, dynamodb]) m.reset()
  })
  const g = (name: string) => `${PROD}/global/${name}.json`

  it('writes the CLI shapes: the null LocationConstraint of us-east-1, {} for never-versioned, the policy as a string', async () => {
    s3.on(GetBucketLocationCommand, { Bucket: 'logs-eu' }).resolves({})
    const { source } = await collectLive({ regions: ['eu-west-1'], stderr: quiet })
    expect(json(source.readText(g('s3api-get-bucket-location--logs-eu')))).toEqual({ LocationConstraint: null })
    expect(json(source.readText(g('s3api-get-bucket-versioning--logs-eu')))).toEqual({})
    expect(typeof json(source.readText(g('s3api-get-bucket-policy--invoices-prod'))).Policy).toBe('string')
    expect(json(source.readText(g('s3api-list-buckets')))).toMatchObject({ Buckets: [{ Name: 'invoices-prod', CreationDate: '2025-01-01T00:00:00.000Z', BucketRegion: 'us-east-1' }, { Name: 'logs-eu' }], Owner: { ID: 'abc123' } })
  })

  it('lists buckets once per account whatever --regions says, and asks each bucket in its own region', async () => {
    const { source } = await collectLive({ regions: ['us-east-1', 'us-west-2'], stderr: quiet })
    expect(s3.commandCalls(ListBucketsCommand)).toHaveLength(1)
    expect(source.list().filter((f) => f.includes('s3api-'))).toEqual(source.list().filter((f) => f.startsWith(`${PROD}/global/s3api-`)))
    const regionOf = async (command: typeof GetBucketVersioningCommand, bucket: string) => {
      const [call] = s3.commandCalls(command, { Bucket: bucket })
      return (call.thisValue as S3Client).config.region()
    }
    // no BucketRegion: GetBucketLocation said EU, which is eu-west-1
    expect(await regionOf(GetBucketVersioningCommand, 'logs-eu')).toBe('eu-west-1')
    expect(await regionOf(GetBucketVersioningCommand, 'invoices-prod')).toBe('us-east-1')
    expect(s3.commandCalls(GetBucketLocationCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'logs-eu' }])
    // DynamoDB is regional: listed in each region
    expect(dynamodb.commandCalls(ListTablesCommand)).toHaveLength(2)
  })

  it('turns the NotFound answers into absent files, which the reader reads as "none", not as gaps', async () => {
    const { source } = await collectLive({ regions: ['us-east-1'], stderr: quiet })
    expect((json(source.readText('snapshot.json')) as unknown as { errors: unknown[] }).errors).toEqual([])
    const raw = readSnapshot(source)
    expect(raw.gaps).toEqual([])
    const [invoices, logs] = raw.accounts[0].buckets!
    expect(logs).toMatchObject({ location: { LocationConstraint: 'EU' }, versioning: {}, objectLock: null, replication: null, policy: null, lifecycle: null, tags: null })
    expect(invoices).toMatchObject({ versioning: { Status: 'Enabled' }, objectLock: { ObjectLockEnabled: 'Enabled' }, replication: { Rules: [{ ID: 'all' }] }, tags: [{ Key: 'Environment', Value: 'prod' }] })
    expect(invoices.location).toBeUndefined()
  })

  it('asks DynamoDB for every backup type, the tags by the described ARN, and follows the table pages', async () => {
    dynamodb.on(ListTablesCommand).resolvesOnce({ TableNames: ['sessions-prod'], LastEvaluatedTableName: 'sessions-prod' }).resolves({ TableNames: ['carts-prod'] })
    dynamodb.on(DescribeTableCommand, { TableName: 'carts-prod' }).resolves({ Table: { TableName: 'carts-prod', TableArn: `arn:aws:dynamodb:us-east-1:${PROD}:table/carts-prod`, DeletionProtectionEnabled: true } })
    const { source } = await collectLive({ regions: ['us-east-1'], stderr: quiet })
    expect(dynamodb.commandCalls(ListTablesCommand).map((c) => c.args[0].input)).toEqual([{ Limit: 100 }, { Limit: 100, ExclusiveStartTableName: 'sessions-prod' }])
    expect(json(source.readText(`${PROD}/us-east-1/dynamodb-list-tables.json`))).toEqual({ TableNames: ['sessions-prod', 'carts-prod'] })
    expect(dynamodb.commandCalls(ListBackupsCommand).map((c) => c.args[0].input)).toEqual([{ BackupType: 'ALL' }])
    expect(dynamodb.commandCalls(ListTagsOfResourceCommand).map((c) => c.args[0].input.ResourceArn).sort()).toEqual([`arn:aws:dynamodb:us-east-1:${PROD}:table/carts-prod`, TABLE_ARN])
  })

  it('records a denied bucket policy against its file: that part of that bucket is not collected', async () => {
    s3.on(GetBucketPolicyCommand, { Bucket: 'invoices-prod' }).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }))
    const { source } = await collectLive({ regions: ['us-east-1'], stderr: quiet })
    const manifest = json(source.readText('snapshot.json')) as unknown as { errors: { file: string; operation: string }[] }
    expect(manifest.errors).toEqual([{ file: g('s3api-get-bucket-policy--invoices-prod'), operation: 's3:GetBucketPolicy', message: 'AccessDenied: Access Denied' }])
    const raw = readSnapshot(source)
    expect(raw.gaps).toEqual([expect.objectContaining({ part: 's3Policies', what: g('s3api-get-bucket-policy--invoices-prod'), failed: true })])
    expect(raw.accounts[0].buckets![0].policy).toBeUndefined()
  })

  it('collects for some parts only what they need: versioning of buckets asks no policy, lock or table', async () => {
    const { source } = await collectLive({ regions: ['us-east-1'], stderr: quiet, parts: ['s3Buckets', 's3Versioning'] })
    expect(source.list()).toEqual([
      g('s3api-get-bucket-location--logs-eu'), g('s3api-get-bucket-tagging--invoices-prod'),
      g('s3api-get-bucket-versioning--invoices-prod'), g('s3api-get-bucket-versioning--logs-eu'), g('s3api-list-buckets'), 'snapshot.json',
    ])
    expect(dynamodb.calls()).toHaveLength(0)
    expect(s3.commandCalls(GetBucketPolicyCommand)).toHaveLength(0)
  })

  it('fails a listing whose endpoint repeats its page token, instead of paging forever', async () => {
    dynamodb.on(ListTablesCommand).resolves({ TableNames: ['sessions-prod'], LastEvaluatedTableName: 'sessions-prod' })
    const { source } = await collectLive({ regions: ['us-east-1'], stderr: quiet, parts: ['dynamodbTables'] })
    const manifest = json(source.readText('snapshot.json')) as unknown as { errors: { file: string; message: string }[] }
    expect(manifest.errors).toEqual([{ file: `${PROD}/us-east-1/dynamodb-list-tables.json`, operation: 'dynamodb:ListTables', message: expect.stringMatching(/same LastEvaluatedTableName twice/) }])
    expect(dynamodb.commandCalls(ListTablesCommand)).toHaveLength(2)
  })
})

describe('runCollect (bulkhead collect)', () => {
  beforeEach(() => happyEstate())
  afterEach(() => {
    sts.reset()
    iam.reset()
    rds.reset()
    backup.reset()
    kms.reset()
    secrets.reset()
    s3.reset()
    dynamodb.reset()
  })

  it('writes the snapshot and exits 0 when every call succeeded', async () => {
    const { runCollect } = await import('../../src/cli/collect.js')
    const out = join(mkdtempSync(join(tmpdir(), 'bulkhead-run-collect-')), 'snap')
    let err = ''
    expect(await runCollect({ out, regions: ['us-east-1'], stderr: { isTTY: false, write: (t: string) => ((err += t), true) } })).toBe(0)
    expect(existsSync(join(out, 'snapshot.json'))).toBe(true)
    expect(err).toMatch(/^bulkhead: wrote 34 files for 1 accounts to .*snap \(\d+ API calls, 0 errors\)\n$/)
  })

  it('exits 3 when a call failed, 0 with allowPartial, and names what was not collected either way', async () => {
    rds.on(DescribeDBSnapshotsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }))
    const { runCollect } = await import('../../src/cli/collect.js')
    const parent = mkdtempSync(join(tmpdir(), 'bulkhead-run-collect-'))
    let err = ''
    const stderr = { isTTY: false, write: (t: string) => ((err += t), true) }
    expect(await runCollect({ out: join(parent, 'a'), regions: ['us-east-1'], stderr, quiet: true })).toBe(3)
    expect(err).toBe(`bulkhead: not collected: ${PROD}/us-east-1/rds-describe-db-snapshots.json (rds:DescribeDBSnapshots): AccessDenied: not authorized\n`)
    // The estate's one-shot answers (two pages, a report in progress) were used up: set them again.
    for (const m of [sts, iam, rds, backup, kms, secrets, s3, dynamodb]) m.reset()
    happyEstate()
    rds.on(DescribeDBSnapshotsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }))
    expect(await runCollect({ out: join(parent, 'b'), regions: ['us-east-1'], stderr, quiet: true, allowPartial: true })).toBe(0)
    expect(JSON.parse(readFileSync(join(parent, 'b', 'snapshot.json'), 'utf8')).errors).toHaveLength(1)
  })
})

describe('collectLive --org (mocked Organizations)', () => {
  const org = mockClient(OrganizationsClient)
  beforeEach(() => {
    happyEstate()
    sts.on(GetCallerIdentityCommand).resolves({ Account: '333333333333', Arn: 'arn:aws:iam::333333333333:user/auditor' })
    org.on(ListAccountsCommand)
      .resolvesOnce({ Accounts: [{ Id: '333333333333', Name: 'acme-management', Status: 'ACTIVE' }, { Id: PROD, Name: 'acme-prod', Status: 'ACTIVE' }], NextToken: 'next' })
      .resolves({ Accounts: [{ Id: '222222222222', Name: 'acme-staging', Status: 'ACTIVE' }, { Id: '444444444444', Name: 'closed', Status: 'SUSPENDED' }] })
    org.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'Environment', Value: 'prod' }] })
    org.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12', Arn: 'arn:aws:organizations::333333333333:root/o-example/r-ab12', Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }] })
    org.on(ListParentsCommand).resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] })
    org.on(ListParentsCommand, { ChildId: PROD }).resolves({ Parents: [{ Id: 'ou-ab12-prod', Type: 'ORGANIZATIONAL_UNIT' }] })
    org.on(ListPoliciesForTargetCommand).resolves({ Policies: [{ Id: 'p-FullAWSAccess', Name: 'FullAWSAccess', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: true }] })
    org.on(ListPoliciesForTargetCommand, { TargetId: 'ou-ab12-prod' }).resolves({ Policies: [{ Id: 'p-denydelete', Name: 'deny-delete', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false }] })
    org.on(DescribePolicyCommand).callsFake((input: { PolicyId: string }) => ({ Policy: { PolicySummary: { Id: input.PolicyId, Name: input.PolicyId, Type: 'SERVICE_CONTROL_POLICY' }, Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' } }))
  })
  afterEach(() => {
    for (const m of [sts, iam, rds, backup, kms, secrets, s3, dynamodb, org]) m.reset()
  })

  it('scans every active account, walks OUs to the root and writes the SCP files in the caller\'s folder', async () => {
    const { source } = await collectLive({ org: true, regions: ['us-east-1'], stderr: quiet, parts: ['organizations'] })
    const manifest = json(source.readText('snapshot.json')) as unknown as { accounts: { id: string; name: string }[]; errors: unknown[] }
    expect(manifest.accounts).toEqual([
      { id: PROD, name: 'acme-prod', regions: ['us-east-1'] },
      { id: '222222222222', name: 'acme-staging', regions: ['us-east-1'] },
      { id: '333333333333', name: 'acme-management', regions: ['us-east-1'] },
    ])
    expect(manifest.errors).toEqual([])
    const g = '333333333333/global'
    expect(source.list().filter((f) => f.startsWith(g)).map((f) => f.slice(g.length + 1))).toEqual(
      [
        'organizations-list-accounts.json',
        'organizations-list-roots.json',
        // Tags of every listed account (the suspended one is still in the organization)...
        ...['222222222222', PROD, '333333333333', '444444444444'].map((id) => `organizations-list-tags-for-resource--${id}.json`),
        // ...but SCP paths only for the active accounts that are scanned.
        ...['222222222222', PROD, '333333333333', 'ou-ab12-prod'].map((id) => `organizations-list-parents--${id}.json`),
        ...['222222222222', PROD, '333333333333', 'ou-ab12-prod', 'r-ab12'].map((id) => `organizations-list-policies-for-target--${id}.json`),
        'organizations-describe-policy--p-FullAWSAccess.json',
        'organizations-describe-policy--p-denydelete.json',
      ].sort(),
    )
    expect((json(source.readText(`${g}/organizations-list-accounts.json`)) as unknown as { Accounts: unknown[] }).Accounts).toHaveLength(4)
    // ListParents is asked once per child, however many accounts share the OU.
    expect(org.commandCalls(ListParentsCommand, { ChildId: 'ou-ab12-prod' })).toHaveLength(1)
    expect(json(source.readText(`${g}/organizations-list-parents--${PROD}.json`))).toEqual({ Parents: [{ Id: 'ou-ab12-prod', Type: 'ORGANIZATIONAL_UNIT' }] })
    expect(json(source.readText(`${g}/organizations-describe-policy--p-denydelete.json`))).toMatchObject({ Policy: { PolicySummary: { Id: 'p-denydelete' }, Content: expect.stringContaining('"Statement"') } })
  })

  it('writes an empty SCP list when SCPs are not enabled, instead of an error', async () => {
    org.on(ListPoliciesForTargetCommand).rejects(new PolicyTypeNotEnabledException({ $metadata: {}, message: 'This operation can be performed only for enabled policy types.' }))
    const { source } = await collectLive({ org: true, regions: ['us-east-1'], stderr: quiet, parts: ['organizations'] })
    expect((json(source.readText('snapshot.json')) as unknown as { errors: unknown[] }).errors).toEqual([])
    expect(json(source.readText(`333333333333/global/organizations-list-policies-for-target--${PROD}.json`))).toEqual({ Policies: [] })
  })
})
