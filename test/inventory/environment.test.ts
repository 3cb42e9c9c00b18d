import { describe, expect, it } from 'vitest'
import { classifyAccount, classifyResource, environmentFromName, environmentFromTags, NO_ENVIRONMENT_CONFIG } from '../../src/inventory/environment.js'
import type { Account } from '../../src/inventory/types.js'

const account = (env: string | undefined, name = 'acme'): Account => ({
  id: '111111111111', name, tags: {}, regions: [], inSnapshot: true,
  environment: classifyAccount(NO_ENVIRONMENT_CONFIG, '111111111111', env, undefined, name),
})

describe('environment rules (spec §3), first match wins', () => {
  it('rule 1: config ARN patterns beat tags', () => {
    const config = { arns: { staging: ['arn:aws:rds:*:*:db:orders-*'] }, accounts: {} }
    const d = classifyResource(config, { arn: 'arn:aws:rds:us-east-1:111111111111:db:orders-prod', name: 'orders-prod', tags: { Environment: 'prod' } }, account('prod'))
    expect(d).toMatchObject({ environment: 'staging', rule: 'config-arn' })
  })
  it('rule 2: Environment/Env/Stage tags, keys case-insensitive, the vocabulary', () => {
    expect(environmentFromTags({ ENV: 'Production' })).toMatchObject({ environment: 'prod', rule: 'tag' })
    expect(environmentFromTags({ stage: 'uat' })).toMatchObject({ environment: 'staging' })
    expect(environmentFromTags({ Environment: 'sandbox' })).toMatchObject({ environment: 'dev' })
    expect(environmentFromTags({ Environment: 'qa' })).toMatchObject({ environment: 'test' })
    expect(environmentFromTags({ Owner: 'prod' })).toBeUndefined()
  })
  it('rule 3: words of the name; "product" is not "prod"; two environments decide nothing', () => {
    expect(environmentFromName('orders-prd.db')).toMatchObject({ environment: 'prod', rule: 'name' })
    expect(environmentFromName('product-catalogue')).toBeUndefined()
    expect(environmentFromName('prod-to-staging-sync')).toBeUndefined()
    expect(environmentFromName('STG_orders')).toMatchObject({ environment: 'staging' })
  })
  it('a staging-tagged database in a prod account is staging', () => {
    const d = classifyResource(NO_ENVIRONMENT_CONFIG, { arn: 'arn:aws:rds:us-east-1:111111111111:db:orders', name: 'orders', tags: { Environment: 'staging' } }, account('prod'))
    expect(d.environment).toBe('staging')
  })
  it('rule 4: the account: config, then manifest, then Organizations tags, then its name', () => {
    const config = { arns: {}, accounts: { dev: ['111111111111'] } }
    expect(classifyAccount(config, '111111111111', 'prod', { Environment: 'staging' }, 'acme-test').environment).toBe('dev')
    expect(classifyAccount(NO_ENVIRONMENT_CONFIG, '111111111111', 'prod', { Environment: 'staging' }, 'acme-test').environment).toBe('prod')
    expect(classifyAccount(NO_ENVIRONMENT_CONFIG, '111111111111', undefined, { Environment: 'staging' }, 'acme-test').environment).toBe('staging')
    expect(classifyAccount(NO_ENVIRONMENT_CONFIG, '111111111111', undefined, undefined, 'acme-test').environment).toBe('test')
    const d = classifyResource(NO_ENVIRONMENT_CONFIG, { arn: 'arn:aws:rds:us-east-1:111111111111:db:orders', name: 'orders' }, account('prod'))
    expect(d).toMatchObject({ environment: 'prod', rule: 'account' })
  })
  it('rule 5: otherwise unknown', () => {
    const d = classifyResource(NO_ENVIRONMENT_CONFIG, { arn: 'arn:aws:rds:us-east-1:111111111111:db:orders', name: 'orders' }, account(undefined, 'acme'))
    expect(d).toMatchObject({ environment: 'unknown', rule: 'default' })
  })
})
