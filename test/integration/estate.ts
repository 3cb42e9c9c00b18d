// Builds a small AWS organization in moto through the SDK, as a person would with the console:
// a management account, a prod and a staging member account (tagged), an OU with an SCP, and in
// the members users with keys, roles with trust, inline and managed policies, RDS instances,
// clusters and snapshots, backup vaults and plans. Names carry a per-run suffix.
import { BackupClient, CreateBackupPlanCommand, CreateBackupVaultCommand } from '@aws-sdk/client-backup'
import { AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand as CreateIamPolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import { AttachPolicyCommand, CreateAccountCommand, CreateOrganizationalUnitCommand, CreateOrganizationCommand, CreatePolicyCommand, ListRootsCommand, MoveAccountCommand, OrganizationsClient, TagResourceCommand } from '@aws-sdk/client-organizations'
import { CreateDBClusterCommand, CreateDBClusterSnapshotCommand, CreateDBInstanceCommand, CreateDBSnapshotCommand, RDSClient } from '@aws-sdk/client-rds'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { AwsCredentialIdentity } from '@smithy/types'

export const MANAGEMENT = '123456789012' // moto's account for the "testing" keys

export interface MotoEstate {
  run: string
  prod: string
  staging: string
  /** resource names, all suffixed with the run id */
  names: { ordersDb: string; ledgerCluster: string; stagingDb: string; deployer: string; agent: string; ciRole: string; vault: string; plan: string }
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

  // Staging: an agent user with a key and a managed read policy, and a staging database.
  const s = await assume(endpoint, staging)
  const stgIam = new IAMClient(config(endpoint, s))
  await stgIam.send(new CreateUserCommand({ UserName: names.agent }))
  await stgIam.send(new CreateAccessKeyCommand({ UserName: names.agent }))
  const read = await stgIam.send(new CreateIamPolicyCommand({ PolicyName: `read-${run}`, PolicyDocument: policy([{ Effect: 'Allow', Action: ['rds:Describe*', 'backup:List*'], Resource: '*' }]) }))
  await stgIam.send(new AttachUserPolicyCommand({ UserName: names.agent, PolicyArn: read.Policy!.Arn! }))
  await new RDSClient(config(endpoint, s)).send(new CreateDBInstanceCommand({ DBInstanceIdentifier: names.stagingDb, Engine: 'postgres', DBInstanceClass: 'db.t3.micro', AllocatedStorage: 20, MasterUsername: 'app', MasterUserPassword: 'not-a-secret-1', BackupRetentionPeriod: 7, Tags: [{ Key: 'Environment', Value: 'staging' }] }))

  return { run, prod, staging, names }
}
