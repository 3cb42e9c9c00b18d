// The escalation graph behind destructionReach and adminReach, one shape per test: each of these
// was a disagreement of the engine with the brute-force reference (graph-differential.test.ts).
import { describe, expect, it } from 'vitest'
import { createIamEngine } from '../../src/iam/index.js'
import type { PolicyDocument, PolicyStatement } from '../../src/inventory/types.js'
import { estate, PROD, STAGING } from '../support/estate.js'

const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement })
const allow = (Action: string[], Resource: string[], Condition?: PolicyStatement['Condition']): PolicyStatement =>
  ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) })
const trustAccount = (account: string, Condition?: PolicyStatement['Condition']) =>
  doc({ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${account}:root`] }, Action: ['sts:AssumeRole'], ...(Condition ? { Condition } : {}) })
const ORDERS = `arn:aws:rds:us-east-1:${PROD}:db:orders`
const INVOICES = 'arn:aws:s3:::invoices'

/** A prod bucket whose policy denies deleting objects to everyone but `exempt`, and any rewrite of itself. */
function guardedBucket(exempt: string | undefined) {
  return {
    versioning: 'Off' as const, objectLock: null, tags: { env: 'prod' },
    policy: doc(
      { Effect: 'Deny', Principal: '*', Action: ['s3:DeleteObject*'], Resource: [`${INVOICES}/*`], ...(exempt ? { Condition: { ArnNotEquals: { 'aws:PrincipalArn': [exempt] } } } : {}) },
      { Effect: 'Deny', Principal: '*', Action: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutLifecycleConfiguration'], Resource: [INVOICES] },
    ),
  }
}

describe("an account's administrator acts as the principal a resource policy exempts", () => {
  const build = (exempt: string | undefined) => {
    const b = estate().prodAccount().in(PROD)
      .user('ops').inline('ops', doc(allow(['*'], ['*'])))
      .role('keeper', trustAccount(PROD))
      .bucket('invoices', guardedBucket(exempt))
    return b.build()
  }

  it('an administrator reaches the bucket as the exempt role (it can take that role over)', () => {
    const inv = build(`arn:aws:iam::${PROD}:role/keeper`)
    const reach = createIamEngine(inv).destructionReach(inv.principals.find((p) => p.name === 'ops')!)
    const bucket = reach.find((r) => r.store.arn === INVOICES)
    expect(bucket?.reaches).toContain('delete-data')
    expect(bucket?.destroy?.verdict).toBe('allowed')
    const last = bucket!.destroy!.steps.at(-1)!
    expect(last).toMatchObject({ from: `arn:aws:iam::${PROD}:role/keeper (administrator of account ${PROD})`, action: 's3:DeleteObject', resource: `${INVOICES}/*` })
  })

  it('a role that can give itself every permission keeps its own name before the policy', () => {
    const inv = estate().prodAccount().in(PROD)
      .role('keeper', trustAccount(PROD)).inline('keeper', doc(allow(['iam:PutRolePolicy'], [`arn:aws:iam::${PROD}:role/keeper`])))
      .bucket('invoices', guardedBucket(`arn:aws:iam::${PROD}:role/keeper`)).build()
    const reach = createIamEngine(inv).destructionReach(inv.principals.find((p) => p.name === 'keeper')!)
    expect(reach.find((r) => r.store.arn === INVOICES)?.reaches).toContain('delete-data')
  })

  it('near miss: a policy that exempts nobody stops the administrator too', () => {
    const inv = build(undefined)
    const reach = createIamEngine(inv).destructionReach(inv.principals.find((p) => p.name === 'ops')!)
    expect(reach.find((r) => r.store.arn === INVOICES)).toBeUndefined()
  })
})

describe("an account's administrator assumes roles of other accounts that trust anyone or decide caller by caller", () => {
  /** a staging user that can give itself every permission (so: staging's administrator), and a prod role that can delete the database */
  const build = (trust: PolicyDocument) => estate().prodAccount().stagingAccount()
    .in(PROD).database('orders', { deletionProtection: false, tags: { env: 'prod' } })
    .role('open', trust).inline('open', doc(allow(['rds:DeleteDBInstance'], [ORDERS])))
    .in(STAGING).user('deploy').inline('deploy', doc(allow(['iam:PutUserPolicy'], [`arn:aws:iam::${STAGING}:user/deploy`])))
    .build()
  const reachOf = (trust: PolicyDocument) => {
    const inv = build(trust)
    const deploy = inv.principals.find((p) => p.name === 'deploy')!
    return createIamEngine(inv).destructionReach(deploy).find((r) => r.store.arn === ORDERS)
  }

  it("a trust of Principal '*'", () => {
    const orders = reachOf(doc({ Effect: 'Allow', Principal: '*', Action: ['sts:AssumeRole'] }))
    expect(orders?.reaches).toEqual(['delete-data', 'delete-everything'])
    expect(orders!.destroy!.steps.map((s) => [s.from, s.action, s.to])).toEqual([
      [`arn:aws:iam::${STAGING}:user/deploy`, `iam:PutUserPolicy on arn:aws:iam::${STAGING}:user/deploy`, `arn:aws:iam::${STAGING}:user/deploy`],
      [`administrator of account ${STAGING}`, 'sts:AssumeRole', `arn:aws:iam::${PROD}:role/open`],
      [`arn:aws:iam::${PROD}:role/open`, 'rds:DeleteDBInstance', undefined],
    ])
  })

  it('a trust of the account for role names matching a pattern: the administrator creates such a role', () => {
    const orders = reachOf(trustAccount(STAGING, { ArnLike: { 'aws:PrincipalArn': [`arn:aws:iam::${STAGING}:role/ops*`] } }))
    expect(orders?.reaches).toContain('delete-data')
    expect(orders!.destroy!.steps[1]).toMatchObject({ from: `arn:aws:iam::${STAGING}:role/opsbulkhead (administrator of account ${STAGING})`, action: 'sts:AssumeRole' })
  })

  it('near miss: a pattern of another account admits no principal of staging', () => {
    expect(reachOf(trustAccount(STAGING, { ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::333333333333:role/ops*'] } }))).toBeUndefined()
  })
})

describe('giving a principal every permission', () => {
  it('an allowed method wins over a conditional one listed before it', () => {
    const build = (putRolePolicy: boolean) => estate().prodAccount().in(PROD)
      .database('orders', { deletionProtection: false, tags: { env: 'prod' } })
      .managedPolicy('shared', doc(allow(['s3:GetObject'], ['*'])))
      .role('bob', trustAccount(PROD), { managedPolicyArns: [`arn:aws:iam::${PROD}:policy/shared`] })
      .inline('bob', doc(
        allow(['iam:CreatePolicyVersion'], ['*'], { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } }),
        ...(putRolePolicy ? [allow(['iam:PutRolePolicy'], [`arn:aws:iam::${PROD}:role/bob`])] : []),
      )).build()
    const verdict = (putRolePolicy: boolean) => {
      const inv = build(putRolePolicy)
      const orders = createIamEngine(inv).destructionReach(inv.principals.find((p) => p.name === 'bob')!).find((r) => r.store.arn === ORDERS)
      return [orders?.destroy?.verdict, orders?.destroy?.steps[0].method]
    }
    expect(verdict(true)).toEqual(['allowed', 'put-role-policy'])
    // near miss: with the MFA-conditioned method alone, the path stays conditional
    expect(verdict(false)).toEqual(['conditional', 'create-policy-version'])
  })

  it('a principal escalated under its boundary still empowers the principals it controls', () => {
    const build = (boundaryActions: string[]) => {
      const inv = estate().prodAccount().in(PROD)
        .database('orders', { deletionProtection: false, tags: { env: 'prod' } })
        .managedPolicy('boundary', doc(allow(boundaryActions, ['*'])))
        .user('deploy', { permissionsBoundaryArn: `arn:aws:iam::${PROD}:policy/boundary` })
        .inline('deploy', doc(allow(['iam:PutUserPolicy'], [`arn:aws:iam::${PROD}:user/deploy`])))
        .role('target', doc({ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${PROD}:user/deploy`] }, Action: ['sts:AssumeRole'] }))
        .build()
      const engine = createIamEngine(inv)
      const deploy = inv.principals.find((p) => p.name === 'deploy')!
      return { admin: engine.adminReach(deploy).map((a) => a.accountId), orders: engine.destructionReach(deploy).find((r) => r.store.arn === ORDERS) }
    }
    // with iam:* under its boundary, deploy puts a policy on the role it can assume
    const escalated = build(['iam:*'])
    expect(escalated.admin).toEqual([PROD])
    const steps = escalated.orders!.destroy!.steps
    expect(steps.map((s) => s.from)).toEqual([
      `arn:aws:iam::${PROD}:user/deploy`, `arn:aws:iam::${PROD}:user/deploy (with every permission its boundary and SCPs allow)`, `administrator of account ${PROD}`,
    ])
    expect(steps[1]).toMatchObject({ to: `arn:aws:iam::${PROD}:role/target`, verdict: 'allowed' })
    expect(steps[1].method).toMatch(/^(attach|put)-role-policy\+/)
    // near miss: a boundary that allows only putting its own policy leaves nothing to give the role
    const bounded = build(['iam:PutUserPolicy'])
    expect(bounded.admin).toEqual([])
    expect(bounded.orders).toBeUndefined()
  })
})
