// The destruction paths of every data store (spec §8) and of a database's data over SQL (spec §7),
// through can-delete-prod-database and unrecoverable-deletion: each fires, and each near miss
// that breaks a step keeps it quiet.
import { describe, expect, it } from 'vitest'
import deleteCheck from '../../../checks/privilege/can-delete-prod-database.js'
import unrecoverable from '../../../checks/privilege/unrecoverable-deletion.js'
import { runCheck } from '../../support/run-check.js'
import { allowAll, estate, PROD, REGION, STAGING } from '../../support/estate.js'
import type { PolicyDocument } from '../../../src/inventory/types.js'

const OTHER = '333333333333'
const doc = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement })
/** findings of `check` about the principal `who` */
const about = (check: typeof deleteCheck, inv: ReturnType<ReturnType<typeof estate>['build']>, who: string) =>
  runCheck(check, inv).filter((f) => f.principal?.arn === inv.arnOf(who))

describe('S3 buckets', () => {
  const open = { versioning: 'Off' as const, objectLock: null }

  it('versioning off: s3:DeleteObject destroys a bucket with no copy, unrecoverably', () => {
    const inv = estate().prodAccount().bucket('invoices', open).user('chore').inline('chore', allowAll('s3:DeleteObject')).build()
    const [f, ...rest] = about(unrecoverable, inv, 'chore')
    expect(rest).toEqual([])
    expect(f).toMatchObject({ severity: 'critical', resource: { arn: inv.arnOf('invoices'), type: 'AWS::S3::Bucket' }, evidence: { way: 'delete-objects' } })
    expect(f.message).toBe('chore can delete every object of prod bucket invoices (versioning is off) directly, and nothing survives: it has no replica in another bucket and no AWS Backup recovery point (its own versions are not a copy)')
  })

  it('versioning off: a lifecycle rule (s3:PutLifecycleConfiguration) destroys it too', () => {
    const inv = estate().prodAccount().bucket('invoices', open).user('chore').inline('chore', allowAll('s3:PutLifecycleConfiguration')).build()
    expect(about(deleteCheck, inv, 'chore')).toEqual([expect.objectContaining({ evidence: expect.objectContaining({ way: 'lifecycle-expiration' }) })])
  })

  it('versioning on: s3:DeleteObject only adds delete markers; DeleteObjectVersion destroys', () => {
    const versioned = { versioning: 'Enabled' as const, objectLock: null }
    const markers = estate().prodAccount().bucket('invoices', versioned).user('chore').inline('chore', allowAll('s3:DeleteObject')).build()
    expect(about(deleteCheck, markers, 'chore')).toEqual([])
    const versions = estate().prodAccount().bucket('invoices', versioned).user('chore').inline('chore', allowAll('s3:DeleteObjectVersion')).build()
    expect(about(deleteCheck, versions, 'chore')).toEqual([expect.objectContaining({ evidence: expect.objectContaining({ way: 'delete-versions' }) })])
  })

  it('stays quiet for a principal that can only suspend versioning', () => {
    const inv = estate().prodAccount().bucket('invoices', { versioning: 'Enabled', objectLock: null }).user('ops').inline('ops', allowAll('s3:PutBucketVersioning')).build()
    expect(about(deleteCheck, inv, 'ops')).toEqual([])
  })

  it('stays quiet under COMPLIANCE Object Lock; GOVERNANCE falls to s3:BypassGovernanceRetention', () => {
    const compliance = estate().prodAccount().bucket('invoices').user('admin').inline('admin', allowAll('s3:*')).build()
    expect(about(deleteCheck, compliance, 'admin')).toEqual([])
    const governance = { objectLock: { enabled: true, defaultRetention: { mode: 'GOVERNANCE' as const, days: 30 } } }
    const noBypass = estate().prodAccount().bucket('invoices', governance).user('chore').inline('chore', allowAll(['s3:DeleteObjectVersion', 's3:PutLifecycleConfiguration'])).build()
    expect(about(deleteCheck, noBypass, 'chore')).toEqual([])
    const bypass = estate().prodAccount().bucket('invoices', governance).user('chore').inline('chore', allowAll(['s3:DeleteObjectVersion', 's3:BypassGovernanceRetention'])).build()
    expect(about(deleteCheck, bypass, 'chore')).toHaveLength(1)
  })

  it('stays quiet with MFA delete on a versioned bucket', () => {
    const inv = estate().prodAccount().bucket('invoices', { versioning: 'Enabled', objectLock: null, mfaDelete: true }).user('admin').inline('admin', allowAll('s3:*')).build()
    expect(about(deleteCheck, inv, 'admin')).toEqual([])
  })

  const denyDeletes = (exempt: string): PolicyDocument => doc({
    Effect: 'Deny', Principal: '*', Action: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutLifecycleConfiguration', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
    Resource: ['arn:aws:s3:::invoices', 'arn:aws:s3:::invoices/*'], Condition: { ArnNotLike: { 'aws:PrincipalArn': [exempt] } },
  })

  it('stays quiet when a bucket-policy Deny covers the deletion and the policy itself', () => {
    const inv = estate().prodAccount().bucket('invoices', { ...open, policy: denyDeletes(`arn:aws:iam::${PROD}:role/break-glass`) })
      .user('chore').inline('chore', allowAll('s3:*')).build()
    expect(about(deleteCheck, inv, 'chore')).toEqual([])
  })

  it('fires when the principal may rewrite the bucket policy that denies the deletion', () => {
    const policy = doc({ Effect: 'Deny', Principal: '*', Action: ['s3:DeleteObject', 's3:PutLifecycleConfiguration'], Resource: ['arn:aws:s3:::invoices', 'arn:aws:s3:::invoices/*'] })
    const inv = estate().prodAccount().bucket('invoices', { ...open, policy }).user('chore').inline('chore', allowAll('s3:*')).build()
    const [f] = about(deleteCheck, inv, 'chore')
    expect(f.message).toContain('after rewriting the bucket policy that denies it')
    expect((f.evidence.path as { action: string }[]).map((s) => s.action)).toEqual(['s3:PutBucketPolicy', 's3:DeleteObject'])
  })

  it('a replica in another account survives; one in the same account falls with it', () => {
    const sameAccount = estate().prodAccount().bucket('invoices', open).bucket('invoices-replica', open)
      .storeRecoveryPoint('invoices-replica', 's3-replica', 'invoices')
      .user('chore').inline('chore', allowAll('s3:DeleteObject')).build()
    expect(about(unrecoverable, sameAccount, 'chore').map((f) => f.resource.arn)).toContain(sameAccount.arnOf('invoices'))
    const otherAccount = estate().prodAccount().bucket('invoices', open)
      .account(OTHER, 'acme-backup', 'prod').bucket('invoices-replica', open)
      .in(PROD).storeRecoveryPoint('invoices-replica', 's3-replica', 'invoices', { accountId: OTHER })
      .user('chore').inline('chore', allowAll('s3:DeleteObject')).build()
    expect(about(unrecoverable, otherAccount, 'chore')).toEqual([])
    expect(about(deleteCheck, otherAccount, 'chore').map((f) => f.resource.arn)).toEqual([otherAccount.arnOf('invoices')])
  })

  it('stays quiet for a staging bucket in the prod account', () => {
    const inv = estate().prodAccount().bucket('invoices-staging', { ...open, tags: { Environment: 'staging' } })
      .user('chore').inline('chore', allowAll('s3:*')).build()
    expect(about(deleteCheck, inv, 'chore')).toEqual([])
  })
})

describe('DynamoDB tables', () => {
  const bare = { deletionProtection: false, pointInTimeRecovery: { enabled: false } }

  it('DeleteTable destroys a table without backups, unrecoverably', () => {
    const inv = estate().prodAccount().table('sessions', bare).user('chore').inline('chore', allowAll('dynamodb:DeleteTable')).build()
    expect(about(unrecoverable, inv, 'chore')).toEqual([expect.objectContaining({ severity: 'critical', resource: expect.objectContaining({ type: 'AWS::DynamoDB::Table' }) })])
  })

  it('stays quiet with deletion protection when the principal lacks dynamodb:UpdateTable, fires when it has it', () => {
    const without = estate().prodAccount().table('sessions', { ...bare, deletionProtection: true }).user('chore').inline('chore', allowAll('dynamodb:DeleteTable')).build()
    expect(about(deleteCheck, without, 'chore')).toEqual([])
    const withUpdate = estate().prodAccount().table('sessions', { ...bare, deletionProtection: true }).user('chore').inline('chore', allowAll(['dynamodb:DeleteTable', 'dynamodb:UpdateTable'])).build()
    const [f] = about(deleteCheck, withUpdate, 'chore')
    expect((f.evidence.path as { action: string }[]).map((s) => s.action)).toEqual(['dynamodb:UpdateTable', 'dynamodb:DeleteTable'])
  })

  it('the PITR system backup survives a bare DeleteTable, not one after UpdateContinuousBackups', () => {
    const pitr = (actions: string[]) => estate().prodAccount().table('sessions', { deletionProtection: false })
      .storeRecoveryPoint('sessions-pitr', 'dynamodb-pitr', 'sessions')
      .user('chore').inline('chore', allowAll(actions)).build()
    expect(about(unrecoverable, pitr(['dynamodb:DeleteTable']), 'chore')).toEqual([])
    expect(about(unrecoverable, pitr(['dynamodb:DeleteTable', 'dynamodb:UpdateContinuousBackups']), 'chore')).toHaveLength(1)
  })

  it('an on-demand backup survives unless the principal may dynamodb:DeleteBackup it', () => {
    const backup = (actions: string[]) => estate().prodAccount().table('sessions', bare)
      .storeRecoveryPoint('nightly', 'dynamodb-backup', 'sessions')
      .user('chore').inline('chore', allowAll(actions)).build()
    expect(about(unrecoverable, backup(['dynamodb:DeleteTable']), 'chore')).toEqual([])
    expect(about(unrecoverable, backup(['dynamodb:DeleteTable', 'dynamodb:DeleteBackup']), 'chore')).toHaveLength(1)
  })
})

describe('a database destroyed over SQL (spec §7)', () => {
  const SECRET = `arn:aws:secretsmanager:${REGION}:${PROD}:secret:rds!db-orders-AbCdEf`
  const CMK = `arn:aws:kms:${REGION}:${PROD}:key/11111111-2222-3333-4444-555555555555`
  const db = (over = {}) => estate().prodAccount().database('orders', { deletionProtection: true, masterSecretArn: SECRET, ...over })

  it('reading the master user secret destroys the data (medium: the login needs the network)', () => {
    const inv = db().user('dev').inline('dev', allowAll('secretsmanager:Get*')).build()
    const [f, ...rest] = about(deleteCheck, inv, 'dev')
    expect(rest).toEqual([])
    expect(f).toMatchObject({ severity: 'medium', evidence: { way: 'master-secret', verdict: 'conditional' } })
    expect(f.message).toBe(
      'dev can destroy the data of prod database orders over SQL as its master user, reading its master user secret directly; ' +
        'medium because logging in needs the database reachable over the network, which the snapshot does not show',
    )
  })

  it('stays quiet when the secret is encrypted by a customer key the principal cannot decrypt; fires when it can', () => {
    const cannot = db({ masterSecretKmsKeyArn: CMK }).user('dev').inline('dev', allowAll('secretsmanager:GetSecretValue')).build()
    expect(about(deleteCheck, cannot, 'dev')).toEqual([])
    const can = db({ masterSecretKmsKeyArn: CMK }).user('dev').inline('dev', allowAll(['secretsmanager:GetSecretValue', 'kms:Decrypt'])).build()
    expect(about(deleteCheck, can, 'dev')).toHaveLength(1)
  })

  it('stays quiet for a principal limited to its own staging secret', () => {
    const inv = db().user('dev').inline('dev', allowAll('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${REGION}:${PROD}:secret:staging/*`)).build()
    expect(about(deleteCheck, inv, 'dev')).toEqual([])
  })

  it('resetting the master password or rds-db:connect as the master user do too; as the app user does not', () => {
    const reset = db().user('ops').inline('ops', allowAll('rds:ModifyDBInstance')).build()
    expect(about(deleteCheck, reset, 'ops')).toEqual([expect.objectContaining({ evidence: expect.objectContaining({ way: 'reset-password' }) })])
    const iam = { iamAuthentication: true, masterUsername: 'postgres', resourceId: 'db-ABCDEFGHIJKL', masterSecretArn: undefined }
    const master = db(iam).user('app').inline('app', allowAll('rds-db:connect', `arn:aws:rds-db:${REGION}:${PROD}:dbuser:db-ABCDEFGHIJKL/postgres`)).build()
    expect(about(deleteCheck, master, 'app')).toEqual([expect.objectContaining({ evidence: expect.objectContaining({ way: 'iam-connect' }) })])
    const appUser = db(iam).user('app').inline('app', allowAll('rds-db:connect', `arn:aws:rds-db:${REGION}:${PROD}:dbuser:db-ABCDEFGHIJKL/orders_app`)).build()
    expect(about(deleteCheck, appUser, 'app')).toEqual([])
  })

  it('is not unrecoverable while a snapshot survives: SQL destroys the data, not the snapshots', () => {
    const inv = db().recoveryPoint('orders-snap', 'orders').user('dev').inline('dev', allowAll('secretsmanager:GetSecretValue')).build()
    expect(about(unrecoverable, inv, 'dev')).toEqual([])
    expect(about(deleteCheck, inv, 'dev')).toHaveLength(1)
  })

  it('from staging, the staging key of a prod secret is staging too', () => {
    const inv = estate().stagingAccount().database('orders-stg', { masterSecretArn: `arn:aws:secretsmanager:${REGION}:${STAGING}:secret:rds!db-stg` })
      .user('dev').inline('dev', allowAll('secretsmanager:GetSecretValue')).build()
    expect(about(deleteCheck, inv, 'dev')).toEqual([])
  })
})
