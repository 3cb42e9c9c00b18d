// How many AWS requests a live collection sends, against the minimum: one call per page per
// listed resource. An estate is built in moto (users with keys, databases, vaults, S3 buckets
// with and without each setting, DynamoDB tables with and without PITR and backups), collected
// through the real HTTP stack, and the ratio printed, overall and per service (target ≤ 1.1).
import { BackupClient, CreateBackupVaultCommand } from '@aws-sdk/client-backup'
import { CreateBackupCommand, CreateTableCommand, DynamoDBClient, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb'
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam'
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds'
import { CreateBucketCommand, PutBucketPolicyCommand, PutBucketTaggingCommand, PutBucketVersioningCommand, PutBucketLifecycleConfigurationCommand, S3Client } from '@aws-sdk/client-s3'
import { collectLive } from '../src/collect/index.js'
import { motoEnv, startMoto } from './moto.js'

export interface ApiCallsResult {
  users: number
  databases: number
  vaults: number
  buckets: number
  tables: number
  apiCalls: number
  minimumCalls: number
  ratio: number
  /** the same, per service */
  byService: Record<string, { apiCalls: number; minimumCalls: number; ratio: number }>
}

/** Runs `n` promises at a time: building the estate must not flood the emulator either. */
async function inBatches<T>(items: T[], n: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += n) await Promise.all(items.slice(i, i + n).map(fn))
}

/** Every other bucket gets tags, versioning, a policy and a lifecycle rule; the rest answer NotFound. */
async function buildBuckets(s3: S3Client, n: number): Promise<void> {
  await inBatches(Array.from({ length: n }, (_, i) => i), 10, async (i) => {
    const Bucket = `bench-bucket-${i}`
    await s3.send(new CreateBucketCommand({ Bucket }))
    if (i % 2 === 1) return
    await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: [{ Key: 'Environment', Value: 'prod' }] } }))
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }))
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:DeleteObjectVersion', Resource: `arn:aws:s3:::${Bucket}/*` }] }) }))
    await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: [{ ID: 'old', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 365 } }] } }))
  })
}

/** Every third table has PITR and an on-demand backup. */
async function buildTables(dynamodb: DynamoDBClient, n: number): Promise<void> {
  await inBatches(Array.from({ length: n }, (_, i) => i), 10, async (i) => {
    const TableName = `bench-table-${i}`
    await dynamodb.send(new CreateTableCommand({
      TableName, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST', Tags: [{ Key: 'Environment', Value: 'prod' }],
    }))
    if (i % 3 !== 0) return
    await dynamodb.send(new UpdateContinuousBackupsCommand({ TableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }))
    await dynamodb.send(new CreateBackupCommand({ TableName, BackupName: `${TableName}-b` }))
  })
}

export async function benchApiCalls(opts: { quick?: boolean } = {}): Promise<ApiCallsResult> {
  const size = opts.quick ? { users: 60, databases: 8, vaults: 6, buckets: 12, tables: 10 } : { users: 300, databases: 30, vaults: 20, buckets: 60, tables: 150 }
  const moto = await startMoto()
  const saved = { ...process.env }
  try {
    await moto.reset()
    Object.assign(process.env, motoEnv(moto.endpoint))
    const config = { region: 'us-east-1', endpoint: moto.endpoint }
    const iam = new IAMClient(config)
    const rds = new RDSClient(config)
    const backup = new BackupClient(config)
    const range = (n: number) => Array.from({ length: n }, (_, i) => i)
    await inBatches(range(size.users), 20, async (i) => {
      await iam.send(new CreateUserCommand({ UserName: `bench-user-${i}` }))
      await iam.send(new CreateAccessKeyCommand({ UserName: `bench-user-${i}` }))
    })
    await inBatches(range(size.databases), 10, (i) =>
      rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: `bench-db-${i}`, Engine: 'postgres', DBInstanceClass: 'db.t3.micro', AllocatedStorage: 20, MasterUsername: 'app', MasterUserPassword: 'not-a-secret-1' })),
    )
    await inBatches(range(size.vaults), 10, (i) => backup.send(new CreateBackupVaultCommand({ BackupVaultName: `bench-vault-${i}` })))
    await buildBuckets(new S3Client(config), size.buckets)
    // more than one page of ListTables (100 names a page)
    await buildTables(new DynamoDBClient(config), size.tables)

    const quiet = { write: () => true, isTTY: false }
    const live = await collectLive({ regions: ['us-east-1'], stderr: quiet })
    const byService = Object.fromEntries(Object.entries(live.byService).map(([sv, c]) => [sv, { ...c, ratio: c.apiCalls / c.minimumCalls }]))
    const result = { ...size, apiCalls: live.apiCalls, minimumCalls: live.minimumCalls, ratio: live.apiCalls / live.minimumCalls, byService }
    const per = (sv: string) => (byService[sv] ? `${sv} ${byService[sv].apiCalls}/${byService[sv].minimumCalls} (${byService[sv].ratio.toFixed(3)}×)` : `${sv} none`)
    console.log(
      `api-calls: ${size.users} users, ${size.databases} databases, ${size.vaults} vaults, ${size.buckets} buckets, ${size.tables} tables: ${result.apiCalls} requests for a minimum of ${result.minimumCalls} (${result.ratio.toFixed(3)}×, target ≤ 1.1); ${per('s3')}, ${per('dynamodb')}`,
    )
    return result
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
    await moto.stop()
  }
}
