import { describe, expect, it } from 'vitest'
import { acceptsResource, actionInfo, expandAction } from '../../src/iam/catalogue.js'

describe('action catalogue', () => {
  it('expands wildcards case-insensitively against the real action list', () => {
    const deletes = expandAction('RDS:delete*')
    expect(deletes).toContain('rds:DeleteDBInstance')
    expect(deletes).toContain('rds:DeleteDBClusterSnapshot')
    expect(deletes.every((a) => a.toLowerCase().startsWith('rds:delete'))).toBe(true)
    expect(expandAction('*:DeleteRecoveryPoint')).toEqual(['backup:DeleteRecoveryPoint'])
  })

  it('limits resources to the types an action accepts', () => {
    expect(acceptsResource('rds:DeleteDBInstance', 'arn:aws:rds:us-east-1:111111111111:db:orders')).toBe(true)
    expect(acceptsResource('rds:DeleteDBInstance', 'arn:aws:rds:us-east-1:111111111111:cluster:orders')).toBe(false)
    expect(acceptsResource('backup:DeleteRecoveryPoint', 'arn:aws:rds:us-east-1:111111111111:snapshot:awsbackup:job-1')).toBe(true)
    expect(actionInfo('rds:DeleteDBSnapshot')?.name).toBe('rds:DeleteDBSnapshot')
  })

  it('knows every service when the service part is a wildcard', () => {
    expect(expandAction('*').length).toBeGreaterThan(10_000)
  })
})

describe('accountOfArn', () => {
  it('reads the account field of an ARN, or nothing', async () => {
    const { accountOfArn } = await import('../../src/iam/match.js')
    expect(accountOfArn('arn:aws:rds:us-east-1:111111111111:db:orders')).toBe('111111111111')
    expect(accountOfArn('arn:aws:iam::222222222222:role/x')).toBe('222222222222')
    expect(accountOfArn('arn:aws:s3:::bucket/key')).toBeUndefined()
    expect(accountOfArn('arn:aws:iam::aws:policy/AdministratorAccess')).toBeUndefined()
    expect(accountOfArn('*')).toBeUndefined()
  })
})
