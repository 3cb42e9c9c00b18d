// collectLive against mocked AWS clients (aws-sdk-client-mock): response shapes are the ones of
// the AWS API references, so the operations moto lacks (several AWS Backup calls, RDS cluster
// automated backups) are covered here, and the output goes through the real snapshot reader.
import { BackupClient, GetBackupPlanCommand, GetBackupSelectionCommand, GetBackupVaultAccessPolicyCommand, ListBackupPlansCommand, ListBackupSelectionsCommand, ListBackupVaultsCommand, ListRecoveryPointsByBackupVaultCommand, ResourceNotFoundException } from '@aws-sdk/client-backup'
import { GenerateCredentialReportCommand, GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, IAMClient, ListAccessKeysCommand, ListAccountAliasesCommand } from '@aws-sdk/client-iam'
import { DescribeDBClusterAutomatedBackupsCommand, DescribeDBClusterSnapshotsCommand, DescribeDBClustersCommand, DescribeDBInstanceAutomatedBackupsCommand, DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms'
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
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
const quiet = { write: () => true, isTTY: false }

const PROD = '111111111111'
const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'rds:*', Resource: '*' }] }
const db = (id: string) => ({ DBInstanceIdentifier: id, DBInstanceArn: `arn:aws:rds:us-east-1:${PROD}:db:${id}`, Engine: 'postgres', BackupRetentionPeriod: 7, DeletionProtection: false, InstanceCreateTime: new Date('2026-01-01T00:00:00Z') })
const csv = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n'

function happyEstate(): void {
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
    // kms aliases 1 + secrets 1
    expect(minimumCalls).toBe(5 + 7 + 9 + 2)
  })

  it('fails with one message when the credentials cannot even say who they are', async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('The security token included in the request is invalid.'), { name: 'InvalidClientTokenId' }))
    await expect(collectLive({ regions: ['us-east-1'], stderr: quiet })).rejects.toThrow(/cannot call AWS with these credentials .*InvalidClientTokenId/)
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
  })

  it('writes the snapshot and exits 0 when every call succeeded', async () => {
    const { runCollect } = await import('../../src/cli/collect.js')
    const out = join(mkdtempSync(join(tmpdir(), 'bulkhead-run-collect-')), 'snap')
    let err = ''
    expect(await runCollect({ out, regions: ['us-east-1'], stderr: { isTTY: false, write: (t: string) => ((err += t), true) } })).toBe(0)
    expect(existsSync(join(out, 'snapshot.json'))).toBe(true)
    expect(err).toMatch(/^bulkhead: wrote 20 files for 1 accounts to .*snap \(\d+ API calls, 0 errors\)\n$/)
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
    for (const m of [sts, iam, rds, backup, kms, secrets]) m.reset()
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
    for (const m of [sts, iam, rds, backup, kms, secrets, org]) m.reset()
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
