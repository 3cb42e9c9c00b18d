// Builds a small AWS organization in moto through the SDK, as a person would with the console:
// a management account, a prod and a staging member account (tagged), an OU with an SCP, and in
// the members users with keys, roles with trust, inline and managed policies, RDS instances,
// clusters and snapshots, backup vaults and plans, S3 buckets and DynamoDB tables (spec §8), open
// and protected. Names carry a per-run suffix.
import { BackupClient, CreateBackupPlanCommand, CreateBackupVaultCommand } from '@aws-sdk/client-backup'
import { AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand as CreateIamPolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import { AttachPolicyCommand, CreateAccountCommand, CreateOrganizationalUnitCommand, CreateOrganizationCommand, CreatePolicyCommand, ListRootsCommand, MoveAccountCommand, OrganizationsClient, TagResourceCommand } from '@aws-sdk/client-organizations'
import { CreateDBClusterCommand, CreateDBClusterSnapshotCommand, CreateDBInstanceCommand, CreateDBSnapshotCommand, RDSClient } from '@aws-sdk/client-rds'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { CreateBucketCommand, PutBucketPolicyCommand, PutBucketReplicationCommand, PutBucketTaggingCommand, PutBucketVersioningCommand, PutObjectLockConfigurationCommand, S3Client } from '@aws-sdk/client-s3'
import { CreateBackupCommand, CreateTableCommand, DynamoDBClient, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb'
import type { AwsCredentialIdentity } from '@smithy/types'

export const MANAGEMENT = '123456789012' // moto's account for the "testing" keys

export interface MotoEstate {
  run: string
  prod: string
  staging: string
  /** resource names, all suffixed with the run id */
  names: {
    ordersDb: string; ledgerCluster: string; stagingDb: string; deployer: string; agent: string; ciRole: string; vault: string; plan: string
    /** prod bucket: versioning never enabled, no lock, no policy, no replica */
    invoices: string
    /** prod bucket: Object Lock COMPLIANCE (so versioned), a Deny policy, replicated to the management account in us-west-2 */
    archive: string
    archiveCopy: string
    /** a staging bucket in the prod account */
    assets: string
    /** prod table: no deletion protection, PITR off */
    sessions: string
    /** prod table: deletion protection, PITR, an on-demand backup */
    carts: string
    stagingSessions: string
  }
}

const policy = (statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement })

function config(endpoint: string, credentials?: AwsCredentialIdentity) {
  return { endpoint, region: 'us-east-1', credentials: credentials ?? { accessKeyId: 'testing', secretAccessKey: 'testing' } }
}

async function assume(endpoint: string, account: string): Promise<AwsCredentialIdentity> {
  const sts = new STSClient(config(endpoint))
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: 'estate' }))
  const c = out.Credentials!
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken }
}

export async function buildEstate(endpoint: string): Promise<MotoEstate> {
  const run = Math.random().toString(36).slice(2, 8)
  const names = {
    ordersDb: `orders-${run}`,
    ledgerCluster: `ledger-${run}`,
    stagingDb: `orders-stg-${run}`,
    deployer: `deployer-${run}`,
    agent: `stg-agent-${run}`,
    ciRole: `ci-deploy-${run}`,
    vault: `vault-${run}`,
    plan: `daily-${run}`,
    invoices: `invoices-${run}`,
    archive: `ledger-archive-${run}`,
    archiveCopy: `ledger-archive-copy-${run}`,
    assets: `assets-stg-${run}`,
    sessions: `sessions-${run}`,
    carts: `carts-${run}`,
    stagingSessions: `sessions-stg-${run}`,
  }

  const org = new OrganizationsClient(config(endpoint))
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))
  const prod = (await org.send(new CreateAccountCommand({ AccountName: `acme-prod-${run}`, Email: `prod-${run}@example.com` }))).CreateAccountStatus!.AccountId!
  const staging = (await org.send(new CreateAccountCommand({ AccountName: `acme-staging-${run}`, Email: `stg-${run}@example.com` }))).CreateAccountStatus!.AccountId!
  await org.send(new TagResourceCommand({ ResourceId: prod, Tags: [{ Key: 'Environment', Value: 'prod' }] }))
  await org.send(new TagResourceCommand({ ResourceId: staging, Tags: [{ Key: 'Environment', Value: 'staging' }] }))
  const root = (await org.send(new ListRootsCommand({}))).Roots![0].Id!
  const ou = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'workloads' }))).OrganizationalUnit!.Id!
  await org.send(new MoveAccountCommand({ AccountId: prod, SourceParentId: root, DestinationParentId: ou }))
  const scp = await org.send(
    new CreatePolicyCommand({
      Name: `deny-leave-${run}`,
      Description: 'members cannot leave',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: policy([{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }]),
    }),
  )
  await org.send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: ou }))

  // Prod: a database without deletion protection and with one day of backups, an Aurora cluster,
  // a deployer with rds:* on *, and a CI role that the staging account can assume.
  const p = await assume(endpoint, prod)
  const prodRds = new RDSClient(config(endpoint, p))
  await prodRds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: names.ordersDb, Engine: 'postgres', DBInstanceClass: 'db.t3.micro', AllocatedStorage: 20, MasterUsername: 'app', MasterUserPassword: 'not-a-secret-1', BackupRetentionPeriod: 1, DeletionProtection: false, Tags: [{ Key: 'Environment', Value: 'prod' }] }))
  await prodRds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: names.ordersDb, DBSnapshotIdentifier: `${names.ordersDb}-manual` }))
  await prodRds.send(new CreateDBClusterCommand({ DBClusterIdentifier: names.ledgerCluster, Engine: 'aurora-postgresql', MasterUsername: 'app', MasterUserPassword: 'not-a-secret-1', DeletionProtection: true, BackupRetentionPeriod: 14, Tags: [{ Key: 'Environment', Value: 'prod' }] }))
  await prodRds.send(new CreateDBClusterSnapshotCommand({ DBClusterIdentifier: names.ledgerCluster, DBClusterSnapshotIdentifier: `${names.ledgerCluster}-manual` }))

  const prodIam = new IAMClient(config(endpoint, p))
  await prodIam.send(new CreateUserCommand({ UserName: names.deployer }))
  await prodIam.send(new CreateAccessKeyCommand({ UserName: names.deployer }))
  await prodIam.send(new PutUserPolicyCommand({ UserName: names.deployer, PolicyName: 'rds-admin', PolicyDocument: policy([{ Effect: 'Allow', Action: 'rds:*', Resource: '*' }]) }))
  await prodIam.send(new CreateRoleCommand({ RoleName: names.ciRole, AssumeRolePolicyDocument: policy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${staging}:root` }, Action: 'sts:AssumeRole' }]), Tags: [{ Key: 'Environment', Value: 'prod' }] }))
  const managed = await prodIam.send(new CreateIamPolicyCommand({ PolicyName: `deploy-${run}`, PolicyDocument: policy([{ Effect: 'Allow', Action: ['rds:ModifyDBInstance', 'rds:DeleteDBInstance'], Resource: '*' }]) }))
  await prodIam.send(new AttachRolePolicyCommand({ RoleName: names.ciRole, PolicyArn: managed.Policy!.Arn! }))
  await prodIam.send(new PutRolePolicyCommand({ RoleName: names.ciRole, PolicyName: 'read', PolicyDocument: policy([{ Effect: 'Allow', Action: 'rds:Describe*', Resource: '*' }]) }))

  const prodBackup = new BackupClient(config(endpoint, p))
  await prodBackup.send(new CreateBackupVaultCommand({ BackupVaultName: names.vault }))
  await prodBackup.send(new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: names.plan, Rules: [{ RuleName: 'daily', TargetBackupVaultName: names.vault, ScheduleExpression: 'cron(0 5 ? * * *)', Lifecycle: { DeleteAfterDays: 35 } }] } }))

  const key = await new KMSClient(config(endpoint, p)).send(new CreateKeyCommand({ Description: 'orders data' }))
  await new KMSClient(config(endpoint, p)).send(new CreateAliasCommand({ AliasName: `alias/orders-${run}`, TargetKeyId: key.KeyMetadata!.KeyId! }))
  await new SecretsManagerClient(config(endpoint, p)).send(new CreateSecretCommand({ Name: `orders-db-${run}`, SecretString: 'not-a-secret-1', KmsKeyId: key.KeyMetadata!.Arn!, Tags: [{ Key: 'Environment', Value: 'prod' }] }))

  // Prod data in S3 and DynamoDB (spec §8): one open bucket and table, one protected of each, and
  // a staging bucket that lives in the prod account anyway.
  const prodS3 = new S3Client(config(endpoint, p))
  const tag = (bucket: string, env: string) => prodS3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'Environment', Value: env }] } }))
  await prodS3.send(new CreateBucketCommand({ Bucket: names.invoices }))
  await tag(names.invoices, 'prod')
  await prodS3.send(new CreateBucketCommand({ Bucket: names.assets }))
  await tag(names.assets, 'staging')
  await prodS3.send(new CreateBucketCommand({ Bucket: names.archive, ObjectLockEnabledForBucket: true }))
  await tag(names.archive, 'prod')
  await prodS3.send(new PutObjectLockConfigurationCommand({ Bucket: names.archive, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } } } }))
  const archiveArn = `arn:aws:s3:::${names.archive}`
  await prodS3.send(new PutBucketPolicyCommand({
    Bucket: names.archive,
    Policy: policy([{ Sid: 'DenyDestroy', Effect: 'Deny', Principal: '*', Action: ['s3:DeleteObjectVersion', 's3:PutLifecycleConfiguration', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'], Resource: [archiveArn, `${archiveArn}/*`] }]),
  }))
  // the copy lives in the management account, in another region
  const mgmtS3 = new S3Client({ ...config(endpoint), region: 'us-west-2' })
  await mgmtS3.send(new CreateBucketCommand({ Bucket: names.archiveCopy, CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }))
  await mgmtS3.send(new PutBucketVersioningCommand({ Bucket: names.archiveCopy, VersioningConfiguration: { Status: 'Enabled' } }))
  await prodS3.send(new PutBucketReplicationCommand({
    Bucket: names.archive,
    ReplicationConfiguration: {
      Role: `arn:aws:iam::${prod}:role/s3-replication`,
      Rules: [{ ID: 'all', Priority: 1, Filter: {}, Status: 'Enabled', DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::${names.archiveCopy}`, Account: MANAGEMENT } }],
    },
  }))

  const prodDynamo = new DynamoDBClient(config(endpoint, p))
  const table = (name: string, deletionProtection: boolean, env: string) => ({
    TableName: name, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
    BillingMode: 'PAY_PER_REQUEST' as const, DeletionProtectionEnabled: deletionProtection, Tags: [{ Key: 'Environment', Value: env }],
  })
  await prodDynamo.send(new CreateTableCommand(table(names.sessions, false, 'prod')))
  await prodDynamo.send(new CreateTableCommand(table(names.carts, true, 'prod')))
  await prodDynamo.send(new UpdateContinuousBackupsCommand({ TableName: names.carts, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }))
  await prodDynamo.send(new CreateBackupCommand({ TableName: names.carts, BackupName: `${names.carts}-before-migration` }))

  // Staging: an agent user with a key and a managed read policy, and a staging database.
  const s = await assume(endpoint, staging)
  const stgIam = new IAMClient(config(endpoint, s))
  await stgIam.send(new CreateUserCommand({ UserName: names.agent }))
  await stgIam.send(new CreateAccessKeyCommand({ UserName: names.agent }))
  const read = await stgIam.send(new CreateIamPolicyCommand({ PolicyName: `read-${run}`, PolicyDocument: policy([{ Effect: 'Allow', Action: ['rds:Describe*', 'backup:List*'], Resource: '*' }]) }))
  await stgIam.send(new AttachUserPolicyCommand({ UserName: names.agent, PolicyArn: read.Policy!.Arn! }))
  await new DynamoDBClient(config(endpoint, s)).send(new CreateTableCommand({
    TableName: names.stagingSessions, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST', Tags: [{ Key: 'Environment', Value: 'staging' }],
  }))
  await new RDSClient(config(endpoint, s)).send(new CreateDBInstanceCommand({ DBInstanceIdentifier: names.stagingDb, Engine: 'postgres', DBInstanceClass: 'db.t3.micro', AllocatedStorage: 20, MasterUsername: 'app', MasterUserPassword: 'not-a-secret-1', BackupRetentionPeriod: 7, Tags: [{ Key: 'Environment', Value: 'staging' }] }))

  return { run, prod, staging, names }
}
