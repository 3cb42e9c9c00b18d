// Differential test of the graph questions: for seeded random small estates, destructionReach and
// adminReach of the engine against a brute-force reference (graph-reference.ts) that asks every
// principal pair with single decisions. Any disagreement is printed with its seed.
// GRAPH_CASES (default 500) and GRAPH_SEED (default 1) choose the seeds; GRAPH_OUT=<file> writes
// every disagreement as JSON; GRAPH_DUMP=<seed> [GRAPH_WHO=<name>] prints one estate with both
// answers (`npx vitest run test/iam/graph-differential.test.ts -t dumps`).
import { writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { prng as seededRandom } from '../../bench/prng.js'
import { IamEngineImpl } from '../../src/iam/iam-engine.js'
import type { PolicyDocument, PolicyStatement, Principal } from '../../src/inventory/types.js'
import { estate, PROD, STAGING, type BuiltInventory } from '../support/estate.js'
import { Reference } from './graph-reference.js'

function rng(seed: number) {
  const next = seededRandom(seed)
  return {
    int: (n: number) => Math.floor(next() * n),
    pick<T>(xs: readonly T[]): T { return xs[Math.floor(next() * xs.length)] },
    chance: (p: number) => next() < p,
  }
}
type Rng = ReturnType<typeof rng>

const ACTIONS = [
  'sts:AssumeRole', 'iam:CreateAccessKey', 'iam:UpdateAssumeRolePolicy', 'iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction',
  'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:AttachUserPolicy', 'iam:PutUserPolicy', 'iam:CreatePolicyVersion', 'iam:AddUserToGroup', 'iam:PutGroupPolicy',
  'rds:DeleteDBInstance', 'rds:ModifyDBInstance', 'rds:DeleteDBSnapshot', 'backup:DeleteRecoveryPoint', 'backup:DeleteBackupVaultLockConfiguration',
  's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutLifecycleConfiguration', 's3:PutBucketPolicy', 's3:BypassGovernanceRetention',
  'dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:UpdateContinuousBackups', 'dynamodb:DeleteBackup', 'secretsmanager:GetSecretValue', 'kms:Decrypt',
  'iam:*', 'rds:Delete*', 's3:*', 'dynamodb:*', 'backup:*', '*', 'sts:*', 'iam:Put*', 'iam:Attach*',
]

const NAMES = ['alice', 'bob', 'carol', 'app', 'ops', 'deploy', 'admin', 'ci']

interface Spec { seed: number; inv: BuiltInventory }

function generate(seed: number): Spec {
  const r = rng(seed)
  const b = estate().prodAccount().stagingAccount()
  const principals: { account: string; kind: 'user' | 'role'; name: string }[] = []
  const count = 3 + r.int(5)
  for (let i = 0; i < count; i++) {
    const account = r.chance(0.7) ? PROD : STAGING
    const kind = r.chance(0.5) ? 'user' : 'role'
    const name = `${r.pick(NAMES)}${i}`
    principals.push({ account, kind, name })
  }
  const arnOf = (p: { account: string; kind: string; name: string }) => `arn:aws:iam::${p.account}:${p.kind}/${p.name}`
  const resources = (account: string): string[] => [
    '*', '*', '*', `arn:aws:iam::${account}:role/*`, `arn:aws:iam::${account}:user/*`, `arn:aws:iam::*:role/ops*`,
    ...principals.map(arnOf), `arn:aws:rds:us-east-1:${PROD}:db:orders`, `arn:aws:rds:*:*:db:*`, `arn:aws:rds:us-east-1:${PROD}:snapshot:*`,
    'arn:aws:s3:::invoices/*', 'arn:aws:s3:::invoices', 'arn:aws:s3:::*', `arn:aws:dynamodb:us-east-1:${PROD}:table/sessions`, `arn:aws:dynamodb:*:*:table/*`,
    `arn:aws:backup:us-east-1:${PROD}:recovery-point:*`, `arn:aws:iam::${account}:policy/*`, `arn:aws:iam::${account}:group/*`,
    `arn:aws:lambda:*:${account}:function:*`, `arn:aws:secretsmanager:*:*:secret:*`, `arn:aws:iam::${account}:user/\${aws:username}`,
  ]
  const condition = (): PolicyStatement['Condition'] | undefined => {
    if (!r.chance(0.15)) return undefined
    return r.pick<NonNullable<PolicyStatement['Condition']>>([
      { StringEquals: { 'aws:ResourceTag/env': ['prod'] } },
      { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } },
      { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com'] } },
      { StringEquals: { 'aws:PrincipalTag/team': ['dba'] } },
      { StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
    ])
  }
  const statement = (account: string, effect?: 'Allow' | 'Deny'): PolicyStatement => {
    const cond = condition()
    return {
      Effect: effect ?? (r.chance(0.8) ? 'Allow' : 'Deny'),
      ...(r.chance(0.08) ? { NotAction: [r.pick(ACTIONS)] } : { Action: Array.from({ length: 1 + r.int(3) }, () => r.pick(ACTIONS)) }),
      Resource: Array.from({ length: 1 + r.int(2) }, () => r.pick(resources(account))),
      ...(cond ? { Condition: cond } : {}),
    }
  }
  const doc = (account: string, n = 1 + r.int(3)): PolicyDocument => ({ Version: '2012-10-17', Statement: Array.from({ length: n }, () => statement(account)) })

  // managed policies shared by several principals
  const managed: string[] = []
  for (let i = 0; i < 3; i++) {
    const account = r.chance(0.7) ? PROD : STAGING
    b.in(account).managedPolicy(`shared${i}`, doc(account))
    managed.push(`arn:aws:iam::${account}:policy/shared${i}`)
  }
  b.in(PROD).managedPolicy('boundary', doc(PROD, 2))
  // groups
  const groups = ['devs', 'dbas'].map((g) => ({
    arn: `arn:aws:iam::${PROD}:group/${g}`, name: g, accountId: PROD, source: 'gen', managedPolicyArns: r.chance(0.5) ? [r.pick(managed.filter((m) => m.includes(PROD)))].filter(Boolean) : [],
    inlinePolicies: [{ name: 'g', id: `arn:aws:iam::${PROD}:group/${g}/inline/g`, source: 'gen', document: doc(PROD) }],
  }))
  for (const g of groups) b.group(g)

  const trust = (self: { account: string; name: string }): PolicyDocument => {
    const statements: PolicyStatement[] = []
    for (let k = 0; k < 1 + r.int(2); k++) {
      const other = r.pick(principals)
      const who = r.pick([
        { AWS: [`arn:aws:iam::${self.account}:root`] }, { AWS: [`arn:aws:iam::${STAGING}:root`] }, { AWS: [`arn:aws:iam::${PROD}:root`] },
        { AWS: [arnOf(other)] }, { AWS: [PROD] }, '*', { Service: ['lambda.amazonaws.com'] }, { AWS: [`arn:aws:iam::${other.account}:root`] },
      ] as const)
      const cond = r.chance(0.2)
        ? r.pick<NonNullable<PolicyStatement['Condition']>>([{ StringEquals: { 'aws:PrincipalTag/team': ['dba'] } }, { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } }, { ArnLike: { 'aws:PrincipalArn': [`arn:aws:iam::*:role/ops*`] } }, { StringEquals: { 'aws:PrincipalAccount': [PROD] } }])
        : undefined
      statements.push({ Effect: 'Allow', Principal: who as PolicyStatement['Principal'], Action: ['sts:AssumeRole'], ...(cond ? { Condition: cond } : {}) })
    }
    if (r.chance(0.1)) statements.push({ Effect: 'Deny', Principal: { AWS: [arnOf(r.pick(principals))] }, Action: ['sts:AssumeRole'] })
    return { Version: '2012-10-17', Statement: statements }
  }

  for (const p of principals) {
    b.in(p.account)
    const over: Partial<Principal> = {
      managedPolicyArns: r.chance(0.5) ? [r.pick(managed.filter((m) => m.includes(p.account)))].filter(Boolean) : [],
      tags: r.chance(0.3) ? { team: 'dba' } : {},
      ...(r.chance(0.15) && p.account === PROD ? { permissionsBoundaryArn: `arn:aws:iam::${PROD}:policy/boundary` } : {}),
      ...(p.kind === 'user' && p.account === PROD && r.chance(0.3) ? { groups: [r.pick(groups).name] } : {}),
    }
    if (p.kind === 'user') b.user(p.name, over)
    else b.role(p.name, trust(p), over)
    if (r.chance(0.8)) b.inline(p.name, doc(p.account))
  }

  // prod data stores
  b.in(PROD)
  b.database('orders', {
    deletionProtection: r.chance(0.5), tags: { env: r.pick(['prod', 'dev']) },
    ...(r.chance(0.5) ? { masterSecretArn: `arn:aws:secretsmanager:us-east-1:${PROD}:secret:rds!db-orders-AbCdEf`, masterSecretKmsKeyArn: r.chance(0.5) ? `arn:aws:kms:us-east-1:${PROD}:key/k1` : undefined } : {}),
    ...(r.chance(0.3) ? { iamAuthentication: true, masterUsername: 'postgres' } : {}),
  })
  if (r.chance(0.7)) b.recoveryPoint('orders-snap', 'orders')
  if (r.chance(0.6)) {
    const policy: PolicyDocument | null = r.chance(0.5) ? { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: ['backup:DeleteRecoveryPoint'], Resource: ['*'], ...(r.chance(0.5) ? { Condition: { ArnNotEquals: { 'aws:PrincipalArn': [arnOf(r.pick(principals))] } } } : {}) }] } : null
    b.vault('vault', { accessPolicy: policy, ...(r.chance(0.3) ? { locked: true } : {}) }).vaultRecoveryPoint('orders-rp', 'vault', 'orders')
  }
  const bucketPolicy = (): PolicyDocument | null => {
    if (!r.chance(0.5)) return null
    const exempt = arnOf(r.pick(principals))
    return { Version: '2012-10-17', Statement: [
      { Effect: 'Deny', Principal: '*', Action: [r.pick(['s3:DeleteObject*', 's3:DeleteObjectVersion', 's3:*'])], Resource: ['arn:aws:s3:::invoices/*'], ...(r.chance(0.5) ? { Condition: { ArnNotEquals: { 'aws:PrincipalArn': [exempt] } } } : {}) },
      ...(r.chance(0.5) ? [{ Effect: 'Deny' as const, Principal: '*' as const, Action: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutLifecycleConfiguration'], Resource: ['arn:aws:s3:::invoices'] }] : []),
      ...(r.chance(0.3) ? [{ Effect: 'Allow' as const, Principal: { AWS: [r.pick([`arn:aws:iam::${STAGING}:root`, exempt])] }, Action: ['s3:*'], Resource: ['arn:aws:s3:::invoices', 'arn:aws:s3:::invoices/*'] }] : []),
    ] }
  }
  b.bucket('invoices', {
    versioning: r.pick(['Enabled', 'Off', 'Suspended'] as const),
    objectLock: r.pick([null, { enabled: true, defaultRetention: { mode: 'GOVERNANCE' as const, days: 3 } }, { enabled: true, defaultRetention: { mode: 'COMPLIANCE' as const, days: 3 } }]),
    policy: bucketPolicy(), tags: { env: 'prod' },
  })
  b.table('sessions', { deletionProtection: r.chance(0.5), pointInTimeRecovery: { enabled: r.chance(0.5) }, tags: { env: r.pick(['prod', 'dev']) } })
  const t = b.build().tables[0]
  if (t.pointInTimeRecovery?.enabled) b.storeRecoveryPoint('sessions-pitr', 'dynamodb-pitr', 'sessions')
  if (r.chance(0.5)) b.storeRecoveryPoint('sessions-bk', 'dynamodb-backup', 'sessions')
  if (r.chance(0.3)) {
    const scp: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }, statement(PROD, 'Deny')] }
    b.scpChain({ accountId: PROD, complete: true, levels: [{ targetId: 'r-root', policies: [{ id: 'p-1', arn: 'arn:aws:organizations::999999999999:policy/o-x/service_control_policy/p-1', name: 'guard', document: scp, source: 'gen' }] }] })
  }
  return { seed, inv: b.build() }
}

interface Disagreement { seed: number; principal: string; what: string; engine: unknown; reference: unknown }

function compare(spec: Spec): Disagreement[] {
  const out: Disagreement[] = []
  const engine = new IamEngineImpl(spec.inv)
  const ref = new Reference(new IamEngineImpl(spec.inv))
  for (const p of spec.inv.principals) {
    const mine = engine.destructionReach(p)
    const theirs = ref.destruction(p)
    const byArn = new Map(theirs.map((t) => [t.arn, t]))
    for (const m of mine) {
      const t = byArn.get(m.store.arn)
      byArn.delete(m.store.arn)
      const got = { reaches: m.reaches, destroy: m.destroy?.verdict, modify: m.modify?.verdict, points: Object.fromEntries(m.recoveryPoints.map((x) => [x.arn, x.path?.verdict])) }
      const want = t ? { reaches: t.reaches, destroy: t.destroy, modify: t.modify, points: t.points } : undefined
      if (JSON.stringify(got) !== JSON.stringify(want)) out.push({ seed: spec.seed, principal: p.arn, what: m.store.arn, engine: got, reference: want })
    }
    for (const [arn, t] of byArn) out.push({ seed: spec.seed, principal: p.arn, what: arn, engine: undefined, reference: t })
    const admins = engine.adminReach(p).map((a) => a.accountId).sort()
    const refAdmins = [...ref.admin(p)].sort()
    if (JSON.stringify(admins) !== JSON.stringify(refAdmins)) out.push({ seed: spec.seed, principal: p.arn, what: 'admin', engine: admins, reference: refAdmins })
  }
  return out
}

describe('differential: graph questions vs a brute-force reference', () => {
  it.skipIf(!process.env.GRAPH_DUMP)('dumps one estate', () => {
    const spec = generate(Number(process.env.GRAPH_DUMP))
    const inv = spec.inv
    console.log(JSON.stringify({ principals: inv.principals.map((p) => ({ arn: p.arn, tags: p.tags, managed: p.managedPolicyArns, groups: p.groups, boundary: p.permissionsBoundaryArn, trust: p.trustPolicy, inline: p.inlinePolicies.map((x) => x.document) })),
      managed: [...inv.managedPolicies.values()].map((m) => ({ arn: m.arn, doc: m.document })), groups: inv.groups.map((g) => ({ arn: g.arn, m: g.managedPolicyArns, inline: g.inlinePolicies.map((x) => x.document) })),
      databases: inv.databases, buckets: inv.buckets.map((b) => ({ v: b.versioning, lock: b.objectLock, policy: b.policy })), tables: inv.tables, vaults: inv.vaults, rps: inv.recoveryPoints, srps: inv.storeRecoveryPoints, scps: inv.scpChains }, null, 1))
    const who = process.env.GRAPH_WHO
    const engine = new IamEngineImpl(inv)
    const ref = new Reference(new IamEngineImpl(inv))
    for (const p of inv.principals) {
      if (who && !p.arn.includes(who)) continue
      console.log('==', p.arn, '\nreference:', ref.explain(p).join('\n  '))
      console.log('engine:', JSON.stringify(engine.destructionReach(p).map((r) => ({ s: r.store.arn, reaches: r.reaches, destroy: r.destroy?.steps, rps: r.recoveryPoints })), null, 1))
      console.log('engine admin:', JSON.stringify(engine.adminReach(p)))
    }
  })

  it('agrees on seeded random estates', () => {
    const first = Number(process.env.GRAPH_SEED ?? 1)
    const n = Number(process.env.GRAPH_CASES ?? 500)
    const all: Disagreement[] = []
    for (let s = first; s < first + n; s++) all.push(...compare(generate(s)))
    const bySeed = new Map<number, Disagreement>()
    for (const d of all) if (!bySeed.has(d.seed)) bySeed.set(d.seed, d)
    if (all.length) console.log([...bySeed.values()].map((d) => `${d.seed} ${d.principal} ${d.what}\n  engine ${JSON.stringify(d.engine)}\n  ref    ${JSON.stringify(d.reference)}`).join('\n'), `\n${all.length} disagreements in seeds`, [...bySeed.keys()].join(' '))
    if (process.env.GRAPH_OUT) writeFileSync(process.env.GRAPH_OUT, JSON.stringify(all, null, 1))
    expect(all).toEqual([])
  }, 600_000)
})
