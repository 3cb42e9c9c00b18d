// The guard refuses a write before anything reaches the wire: a request handler that records
// every request stands in for the network, so "nothing was sent" is observed, not assumed.
import { DeleteDBInstanceCommand, DescribeDBInstancesCommand, DescribeDBLogFilesCommand, RDSClient } from '@aws-sdk/client-rds'
import { DeleteBackupVaultCommand, BackupClient } from '@aws-sdk/client-backup'
import { describe, expect, it } from 'vitest'
import { allowedOperations, CALLS } from '../../src/collect/calls.js'
import { isAllowed, operationOf, readOnlyGuard, ReadOnlyViolation } from '../../src/collect/guard.js'
import { InternalError } from '../../src/errors.js'

function recordingHandler(body: string) {
  const sent: string[] = []
  return {
    sent,
    handler: {
      async handle(request: { headers: Record<string, string>; body?: unknown; path: string }) {
        sent.push(String(request.body ?? request.path))
        const { HttpResponse } = await import('@smithy/core/transport')
        return { response: new HttpResponse({ statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Buffer.from(body) }) }
      },
    },
  }
}

const emptyDescribe = '<DescribeDBInstancesResponse><DescribeDBInstancesResult><DBInstances/></DescribeDBInstancesResult></DescribeDBInstancesResponse>'
const config = { region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } }

describe('read-only guard', () => {
  it('refuses DeleteDBInstance before any request is sent', async () => {
    const { sent, handler } = recordingHandler(emptyDescribe)
    const client = new RDSClient({ ...config, requestHandler: handler })
    client.middlewareStack.use(readOnlyGuard('rds'))
    const attempt = client.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'orders-prod', SkipFinalSnapshot: true }))
    await expect(attempt).rejects.toBeInstanceOf(ReadOnlyViolation)
    await expect(attempt).rejects.toThrow(/refused to send rds:DeleteDBInstance/)
    expect(sent).toEqual([])
  })
  it('lets an allowed describe through to the wire', async () => {
    const { sent, handler } = recordingHandler(emptyDescribe)
    const client = new RDSClient({ ...config, requestHandler: handler })
    const seen: string[] = []
    client.middlewareStack.use(readOnlyGuard('rds', (a) => seen.push(a)))
    const out = await client.send(new DescribeDBInstancesCommand({}))
    expect(out.DBInstances).toEqual([])
    expect(sent).toHaveLength(1)
    expect(sent[0]).toContain('Action=DescribeDBInstances')
    expect(seen).toEqual(['rds:DescribeDBInstances'])
  })
  it('refuses a backup delete too (one guard for every service)', async () => {
    const { sent, handler } = recordingHandler('{}')
    const client = new BackupClient({ ...config, requestHandler: handler })
    client.middlewareStack.use(readOnlyGuard('backup'))
    await expect(client.send(new DeleteBackupVaultCommand({ BackupVaultName: 'main' }))).rejects.toBeInstanceOf(ReadOnlyViolation)
    expect(sent).toEqual([])
  })
  it('is a bug (InternalError, exit 2), never a collection error to record', () => {
    expect(new ReadOnlyViolation('rds:DeleteDBInstance')).toBeInstanceOf(InternalError)
  })
  it('refuses a read-looking name that is not in the table, and a table entry of another service', () => {
    expect(isAllowed('rds', 'DescribeDBLogFiles')).toBe(false)
    expect(isAllowed('backup', 'DescribeDBInstances')).toBe(false)
    expect(isAllowed('rds', 'DescribeDBInstances')).toBe(true)
  })
  it('matches names exactly: another casing of an allowed read is refused', () => {
    for (const op of ['describeDBInstances', 'DescribeDbInstances', 'DESCRIBEDBINSTANCES', 'DescribeDBInstances ', ' DescribeDBInstances']) {
      expect(isAllowed('rds', op), op).toBe(false)
    }
    expect(isAllowed('rds', operationOf('DescribeDBInstancesCommandCommand'))).toBe(false)
  })
  it('refuses a read command of the SDK that is not in the table before the wire', async () => {
    const { sent, handler } = recordingHandler(emptyDescribe)
    const client = new RDSClient({ ...config, requestHandler: handler })
    client.middlewareStack.use(readOnlyGuard('rds'))
    await expect(client.send(new DescribeDBLogFilesCommand({ DBInstanceIdentifier: 'orders-prod' }))).rejects.toThrow(/refused to send rds:DescribeDBLogFiles/)
    expect(sent).toEqual([])
  })
  it('refuses a write even if someone adds it to the allow-list', () => {
    expect(isAllowed('rds', 'DeleteDBInstance', new Set(['rds:DeleteDBInstance']))).toBe(false)
  })
  it('allows exactly the read-only operations of the call table', () => {
    expect([...allowedOperations().keys()].sort()).toEqual([...new Set(CALLS.map((c) => `${c.service}:${c.operation}`))].sort())
    for (const operation of allowedOperations().keys()) expect(operation).toMatch(/^[a-z0-9]+:(List|Get|Describe)[A-Za-z]+$|^iam:GenerateCredentialReport$|^sts:AssumeRole$/)
  })
  it('reports the IAM action of what it lets through, which S3 names differently from the operation', async () => {
    const { S3Client, ListBucketsCommand, GetBucketLifecycleConfigurationCommand, DeleteBucketCommand, PutBucketLifecycleConfigurationCommand } = await import('@aws-sdk/client-s3')
    const { sent, handler } = recordingHandler('<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>')
    const client = new S3Client({ ...config, requestHandler: handler })
    const seen: string[] = []
    client.middlewareStack.use(readOnlyGuard('s3', (a) => seen.push(a)))
    await client.send(new ListBucketsCommand({}))
    await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'invoices' })).catch(() => undefined)
    expect(seen).toEqual(['s3:ListAllMyBuckets', 's3:GetLifecycleConfiguration'])
    const before = sent.length
    await expect(client.send(new DeleteBucketCommand({ Bucket: 'invoices' }))).rejects.toThrow(/refused to send s3:DeleteBucket/)
    await expect(client.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'invoices', LifecycleConfiguration: { Rules: [] } }))).rejects.toBeInstanceOf(ReadOnlyViolation)
    expect(sent).toHaveLength(before)
  })
  it('refuses DynamoDB writes: DeleteTable, UpdateContinuousBackups, DeleteBackup', async () => {
    const { DynamoDBClient, DeleteTableCommand, UpdateContinuousBackupsCommand, DeleteBackupCommand } = await import('@aws-sdk/client-dynamodb')
    const { sent, handler } = recordingHandler('{}')
    const client = new DynamoDBClient({ ...config, requestHandler: handler })
    client.middlewareStack.use(readOnlyGuard('dynamodb'))
    await expect(client.send(new DeleteTableCommand({ TableName: 'sessions' }))).rejects.toBeInstanceOf(ReadOnlyViolation)
    await expect(client.send(new UpdateContinuousBackupsCommand({ TableName: 'sessions', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } }))).rejects.toBeInstanceOf(ReadOnlyViolation)
    await expect(client.send(new DeleteBackupCommand({ BackupArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/sessions/backup/1' }))).rejects.toBeInstanceOf(ReadOnlyViolation)
    expect(sent).toEqual([])
  })
  it('reads the operation from the SDK command name', () => {
    expect(operationOf('DeleteDBInstanceCommand')).toBe('DeleteDBInstance')
    expect(operationOf(undefined)).toBe('')
  })
})
