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
