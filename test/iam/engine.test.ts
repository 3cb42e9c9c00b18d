import { describe, expect, it } from 'vitest'
import { createIamEngine } from '../../src/iam/index.js'
import { allowAll, estate, PROD, STAGING, trustAccount } from '../support/estate.js'

describe('createIamEngine', () => {
  it('allows what an inline policy grants and denies the rest implicitly', () => {
    const inv = estate().prodAccount().database('orders').user('ops').inline('ops', allowAll('rds:Delete*')).build()
    const engine = createIamEngine(inv)
    const ops = inv.principals[0]
    expect(engine.can(ops, 'rds:DeleteDBInstance', inv.arnOf('orders')).verdict).toBe('allowed')
    expect(engine.can(ops, 'RDS:deletedbinstance', inv.arnOf('orders')).verdict).toBe('allowed')
    expect(engine.can(ops, 'rds:ModifyDBInstance', inv.arnOf('orders'))).toMatchObject({ verdict: 'denied', blockedBy: ['implicit'] })
  })

  it('needs the caller identity permission for a same-account root trust, not for a direct ARN trust', () => {
    const inv = estate().prodAccount()
      .user('alice')
      .user('bob').inline('bob', allowAll('sts:AssumeRole'))
      .role('admin', trustAccount(PROD))
      .build()
    const engine = createIamEngine(inv)
    const [alice, bob, admin] = inv.principals
    expect(engine.canAssume(alice, admin).verdict).toBe('denied')
    expect(engine.canAssume(bob, admin).verdict).toBe('allowed')
  })

  it('admits a cross-account caller only with both trust and identity permission', () => {
    const inv = estate().prodAccount().stagingAccount()
      .in(STAGING).user('deploy').inline('deploy', allowAll('sts:AssumeRole'))
      .in(PROD).role('deployer', trustAccount(STAGING))
      .build()
    const engine = createIamEngine(inv)
    const [deploy, deployer] = inv.principals
    expect(engine.canAssume(deploy, deployer).verdict).toBe('allowed')
  })
})

describe('role assumption rules', () => {
  it('admits a caller named directly in a same-account trust without an identity permission', () => {
    const inv = estate().prodAccount()
      .user('alice')
      .role('ops', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111111111111:user/alice'] }, Action: ['sts:AssumeRole'] }] })
      .build()
    const engine = createIamEngine(inv)
    const [alice, ops] = inv.principals
    expect(engine.canAssume(alice, ops).verdict).toBe('allowed')
  })

  it('still needs the identity permission for a cross-account caller named directly', () => {
    const inv = estate().prodAccount().stagingAccount()
      .in(STAGING).user('deploy')
      .in(PROD).role('deployer', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::222222222222:user/deploy'] }, Action: ['sts:AssumeRole'] }] })
      .build()
    const engine = createIamEngine(inv)
    const [deploy, deployer] = inv.principals
    expect(engine.canAssume(deploy, deployer).verdict).toBe('denied')
  })

  it('a Deny in the trust policy wins, and an unprovable trust condition makes it conditional', () => {
    const inv = estate().prodAccount()
      .user('bob').inline('bob', allowAll('sts:AssumeRole'))
      .role('denied', { Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Principal: { AWS: ['111111111111'] }, Action: ['sts:AssumeRole'] },
        { Effect: 'Deny', Principal: '*', Action: ['sts:AssumeRole'] }] })
      .role('mfa', { Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Principal: { AWS: ['111111111111'] }, Action: ['sts:AssumeRole'], Condition: { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } } }] })
      .build()
    const engine = createIamEngine(inv)
    const [bob, denied, mfa] = inv.principals
    expect(engine.canAssume(bob, denied).verdict).toBe('denied')
    expect(engine.canAssume(bob, mfa).verdict).toBe('conditional')
  })

  it('evaluates group policies and marks unresolved managed policies', () => {
    const inv = estate().prodAccount().database('orders')
      .group({ arn: 'arn:aws:iam::111111111111:group/dba', name: 'dba', accountId: PROD, source: 'x', managedPolicyArns: ['arn:aws:iam::111111111111:policy/missing'],
        inlinePolicies: [{ name: 'g', id: 'arn:aws:iam::111111111111:group/dba/inline/g', source: 'x', document: allowAll('rds:*') }] })
      .user('carol', { groups: ['dba'] })
      .build()
    const engine = createIamEngine(inv)
    const [carol] = inv.principals
    expect(engine.can(carol, 'rds:DeleteDBInstance', inv.arnOf('orders')).verdict).toBe('allowed')
    expect(engine.unresolvedPolicies(carol)).toEqual(['arn:aws:iam::111111111111:policy/missing'])
  })
})
