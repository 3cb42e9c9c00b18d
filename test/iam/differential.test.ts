// Differential test: bulkhead's engine against @cloud-copilot/iam-simulate (AGPL, devDependency,
// tests only) on seeded random (policy set, action, resource) cases without conditions. Every
// disagreement is printed with its case so it can become a hand-written case.
import { describe, expect, it } from 'vitest'
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate'
import { prng as seededRandom } from '../../bench/prng.js'
import { createIamEngine } from '../../src/iam/index.js'
import type { Inventory, PolicyDocument, PolicyStatement, Principal, ScpChain } from '../../src/inventory/types.js'

const CASES = 2400
const A = '111111111111'
const B = '222222222222'

/** seeded, reproducible (bench/prng.ts) */
function prng(seed: number) {
  const next = seededRandom(seed)
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick<T>(xs: readonly T[]): T { return xs[Math.floor(next() * xs.length)] },
    chance: (p: number) => next() < p,
  }
}
type Rng = ReturnType<typeof prng>

interface ActionSpec { action: string; resource: (r: Rng, acct: string) => string; patterns: string[] }
const names = ['orders', 'orders-replica', 'billing', 'scratch-1']
const region = (r: Rng) => r.pick(['us-east-1', 'eu-west-1'])
const ACTIONS: ActionSpec[] = [
  { action: 'rds:DeleteDBInstance', resource: (r, a) => `arn:aws:rds:${region(r)}:${a}:db:${r.pick(names)}`,
    patterns: ['arn:aws:rds:*:*:db:*', 'arn:aws:rds:us-east-1:111111111111:db:orders*', 'arn:aws:rds:*:111111111111:db:billing', 'arn:aws:rds:us-east-1:*:db:scratch-?'] },
  { action: 'rds:ModifyDBInstance', resource: (r, a) => `arn:aws:rds:${region(r)}:${a}:db:${r.pick(names)}`,
    patterns: ['arn:aws:rds:*:*:db:*', 'arn:aws:rds:eu-west-1:*:*'] },
  { action: 'rds:DeleteDBSnapshot', resource: (r, a) => `arn:aws:rds:${region(r)}:${a}:snapshot:${r.pick(names)}-snap`,
    patterns: ['arn:aws:rds:*:*:snapshot:*', 'arn:aws:rds:*:*:snapshot:orders*', 'arn:aws:rds:*:*:db:*'] },
  { action: 'rds:DeleteDBCluster', resource: (r, a) => `arn:aws:rds:${region(r)}:${a}:cluster:${r.pick(names)}`,
    patterns: ['arn:aws:rds:*:*:cluster:*', 'arn:aws:rds:us-east-1:111111111111:cluster:billing'] },
  { action: 'backup:DeleteRecoveryPoint', resource: (r, a) => `arn:aws:backup:${region(r)}:${a}:recovery-point:${r.pick(['rp-1', 'rp-2', 'x-9'])}`,
    patterns: ['arn:aws:backup:*:*:recovery-point:*', 'arn:aws:backup:*:*:recovery-point:rp-*', 'arn:aws:backup:*:*:backup-vault:*'] },
  { action: 'backup:DeleteBackupVault', resource: (r, a) => `arn:aws:backup:${region(r)}:${a}:backup-vault:${r.pick(['prod-vault', 'staging-vault'])}`,
    patterns: ['arn:aws:backup:*:*:backup-vault:*', 'arn:aws:backup:*:*:backup-vault:prod-*'] },
  { action: 's3:DeleteObject', resource: (r) => `arn:aws:s3:::${r.pick(['logs', 'data'])}/${r.pick(['a.txt', 'dir/b.csv'])}`,
    patterns: ['arn:aws:s3:::logs/*', 'arn:aws:s3:::*/dir/*', 'arn:aws:s3:::data', 'arn:aws:s3:::*'] },
  { action: 's3:DeleteBucket', resource: (r) => `arn:aws:s3:::${r.pick(['logs', 'data'])}`,
    patterns: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*', 'arn:aws:s3:::*'] },
  { action: 's3:GetObject', resource: (r) => `arn:aws:s3:::${r.pick(['logs', 'data'])}/${r.pick(['a.txt', 'dir/b.csv'])}`,
    patterns: ['arn:aws:s3:::data/*', 'arn:aws:s3:::*/a.txt'] },
  { action: 'dynamodb:DeleteTable', resource: (r, a) => `arn:aws:dynamodb:${region(r)}:${a}:table/${r.pick(names)}`,
    patterns: ['arn:aws:dynamodb:*:*:table/*', 'arn:aws:dynamodb:us-east-1:111111111111:table/orders'] },
  { action: 'iam:PassRole', resource: (r, a) => `arn:aws:iam::${a}:role/${r.pick(['deployer', 'lambda-exec', 'app/admin'])}`,
    patterns: ['arn:aws:iam::*:role/*', 'arn:aws:iam::111111111111:role/lambda-*', 'arn:aws:iam::*:role/app/*'] },
  { action: 'iam:CreateAccessKey', resource: (r, a) => `arn:aws:iam::${a}:user/${r.pick(['alice', 'bob', 'ci'])}`,
    patterns: ['arn:aws:iam::*:user/*', 'arn:aws:iam::111111111111:user/ci', 'arn:aws:iam::*:user/a*'] },
  { action: 'ec2:DeleteVolume', resource: (r, a) => `arn:aws:ec2:${region(r)}:${a}:volume/vol-0${r.int(3)}`,
    patterns: ['arn:aws:ec2:*:*:volume/*', 'arn:aws:ec2:us-east-1:*:volume/vol-01'] },
  // (no KMS: a key's own policy must allow every call, and bulkhead does not collect key
  // policies, so the simulator's implicit deny there is by design of the inputs, not a bug)
  { action: 'redshift:DeleteCluster', resource: (r, a) => `arn:aws:redshift:${region(r)}:${a}:cluster:${r.pick(names)}`,
    patterns: ['arn:aws:redshift:*:*:cluster:*', 'arn:aws:redshift:us-east-1:111111111111:cluster:orders*'] },
  { action: 'secretsmanager:DeleteSecret', resource: (r, a) => `arn:aws:secretsmanager:${region(r)}:${a}:secret:${r.pick(['db-pass', 'api'])}-AbCdEf`,
    patterns: ['arn:aws:secretsmanager:*:*:secret:*', 'arn:aws:secretsmanager:*:*:secret:db-*'] },
]

function randomCase(r: Rng, s: string): string {
  if (!r.chance(0.3)) return s
  return [...s].map((c) => (r.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('')
}

function actionPattern(r: Rng, spec: ActionSpec): string {
  const [service, name] = spec.action.split(':')
  const other = r.pick(ACTIONS).action
  const choices = [
    spec.action, spec.action, other, `${service}:*`, '*', `${service}:Delete*`, `${service}:*Instance*`, `${service}:Get*`,
    `${service}:${name.slice(0, 3)}?${name.slice(4)}`, `${service}:${name}x`,
  ]
  return randomCase(r, r.pick(choices))
}

function resourcePattern(r: Rng, spec: ActionSpec, resource: string): string {
  const other = r.pick(ACTIONS)
  return r.pick(['*', '*', resource, resource, r.pick(spec.patterns), r.pick(spec.patterns), r.pick(other.patterns), resource.slice(0, -2) + '*'])
}

function statement(r: Rng, spec: ActionSpec, resource: string, effect?: 'Allow' | 'Deny'): PolicyStatement {
  const acts = Array.from({ length: 1 + r.int(3) }, () => actionPattern(r, spec))
  const res = Array.from({ length: 1 + r.int(2) }, () => resourcePattern(r, spec, resource))
  return {
    Effect: effect ?? (r.chance(0.72) ? 'Allow' : 'Deny'),
    ...(r.chance(0.18) ? { NotAction: acts } : { Action: acts }),
    ...(r.chance(0.15) ? { NotResource: res } : { Resource: res }),
  }
}

function policy(r: Rng, spec: ActionSpec, resource: string, n = 1 + r.int(3)): PolicyDocument {
  return { Version: '2012-10-17', Statement: Array.from({ length: n }, () => statement(r, spec, resource)) }
}

interface Case {
  principalArn: string
  principalAccount: string
  action: string
  resource: string
  identity: PolicyDocument[]
  boundary?: PolicyDocument
  scps: PolicyDocument[][]
  /** vault access policy (backup actions only) */
  resourcePolicy?: PolicyDocument
}

function generate(r: Rng): Case {
  const spec = r.pick(ACTIONS)
  const isBackup = spec.action.startsWith('backup:')
  const principalAccount = isBackup && r.chance(0.3) ? B : A
  const kind = r.pick(['user', 'role'])
  const principalArn = `arn:aws:iam::${principalAccount}:${kind}/${kind === 'user' ? 'alice' : 'worker'}`
  const resource = spec.resource(r, A)
  const identity = Array.from({ length: 1 + r.int(3) }, () => policy(r, spec, resource))
  const boundary = r.chance(0.2) ? policy(r, spec, resource) : undefined
  const scps = r.chance(0.2)
    ? Array.from({ length: 1 + r.int(2) }, () => [
        { Version: '2012-10-17', Statement: [r.chance(0.8) ? { Effect: 'Allow' as const, Action: ['*'], Resource: ['*'] } : statement(r, spec, resource, 'Allow')] },
        ...(r.chance(0.5) ? [policy(r, spec, resource, 1)] : []),
      ])
    : []
  let resourcePolicy: PolicyDocument | undefined
  if (isBackup && r.chance(0.6)) {
    resourcePolicy = {
      Version: '2012-10-17',
      Statement: Array.from({ length: 1 + r.int(2) }, () => {
        const s = statement(r, spec, resource)
        const who = r.pick(['*', `arn:aws:iam::${principalAccount}:root`, principalAccount, principalArn, `arn:aws:iam::${B}:root`, 'arn:aws:iam::333333333333:root'])
        return { ...s, Principal: who === '*' && r.chance(0.5) ? '*' : { AWS: [who] } }
      }),
    }
  }
  return { principalArn, principalAccount, action: spec.action, resource, identity, boundary, scps, resourcePolicy }
}

const env = { environment: 'prod' as const, rule: 'default' as const, detail: 'differential test' }

function inventoryOf(c: Case): { inv: Inventory; principal: Principal } {
  const [, , , , , rest] = c.principalArn.split(':')
  const [kind, name] = rest.split('/')
  const principal: Principal = {
    arn: c.principalArn, type: 'AWS::IAM::User', accountId: c.principalAccount, region: 'global', name, environment: env, source: 'diff',
    kind: kind as 'user' | 'role', path: '/', tags: {},
    inlinePolicies: c.identity.map((document, i) => ({ name: `p${i}`, id: `${c.principalArn}/inline/p${i}`, document, source: 'diff' })),
    managedPolicyArns: [], groups: [], serviceLinked: false, breakGlass: false,
    ...(c.boundary ? { permissionsBoundaryArn: `arn:aws:iam::${c.principalAccount}:policy/boundary` } : {}),
  }
  const managedPolicies = new Map()
  if (c.boundary) managedPolicies.set(principal.permissionsBoundaryArn, { arn: principal.permissionsBoundaryArn, name: 'boundary', owner: c.principalAccount, document: c.boundary, source: 'diff' })
  const scpChains: ScpChain[] = c.scps.length
    ? [{ accountId: c.principalAccount, complete: true, levels: c.scps.map((docs, i) => ({ targetId: `ou-${i}`, policies: docs.map((document, j) => ({ id: `p-${i}-${j}`, arn: `scp-${i}-${j}`, name: `scp-${i}-${j}`, document, source: 'diff' })) })) }]
    : []
  const vaultArn = c.resource.includes(':backup-vault:') ? c.resource : `arn:aws:backup:us-east-1:${A}:backup-vault:holder`
  const inv: Inventory = {
    collectedAt: '2026-11-27T00:00:00Z', source: { kind: 'snapshot' }, accounts: [], principals: [principal], groups: [], managedPolicies,
    databases: [], buckets: [], tables: [], recoveryPoints: [], storeRecoveryPoints: [], backupPlans: [], kmsAliases: [], secrets: [], scpChains, organizationAccountIds: [], gaps: [], errors: [],
    vaults: c.resourcePolicy
      ? [{ arn: vaultArn, type: 'AWS::Backup::BackupVault', accountId: A, region: 'us-east-1', name: 'v', environment: env, source: 'diff', locked: false, accessPolicy: c.resourcePolicy, recoveryPointCount: 1 }]
      : [],
  }
  if (c.resourcePolicy && c.resource.includes(':recovery-point:')) {
    inv.recoveryPoints.push({ arn: c.resource, kind: 'backup-recovery-point', accountId: A, region: 'us-east-1', vaultArn, status: 'COMPLETED', survivesDbDeletion: true, environment: env, source: 'diff' })
  }
  return { inv, principal }
}

function simulationOf(c: Case): Simulation {
  return {
    request: { principal: c.principalArn, action: c.action, resource: { resource: c.resource, accountId: A }, contextVariables: {} },
    identityPolicies: c.identity.map((policy, i) => ({ name: `p${i}`, policy })),
    serviceControlPolicies: c.scps.map((docs, i) => ({ orgIdentifier: `ou-${i}`, policies: docs.map((policy, j) => ({ name: `scp-${i}-${j}`, policy })) })),
    resourceControlPolicies: [],
    ...(c.boundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: c.boundary }] } : {}),
    ...(c.resourcePolicy ? { resourcePolicy: c.resourcePolicy } : {}),
  }
}

describe('differential: engine vs iam-simulate', () => {
  it(`agrees on ${CASES} seeded cases without conditions`, async () => {
    const r = prng(Number(process.env.DIFF_SEED ?? 20261127))
    const disagreements: unknown[] = []
    let errors = 0
    let allowed = 0
    const covered = { boundary: 0, scps: 0, resourcePolicy: 0, crossAccount: 0, notAction: 0, explicitDeny: 0 }
    for (let i = 0; i < CASES; i++) {
      const c = generate(r)
      const sim = await runSimulation(simulationOf(c), { simulationMode: 'Strict' })
      if (sim.resultType === 'error') { errors++; disagreements.push({ i, error: sim.errors, c }); continue }
      const theirs = sim.overallResult === 'Allowed'
      const { inv, principal } = inventoryOf(c)
      const ours = createIamEngine(inv).can(principal, c.action, c.resource)
      if (theirs) allowed++
      if (c.boundary) covered.boundary++
      if (c.scps.length) covered.scps++
      if (c.resourcePolicy) covered.resourcePolicy++
      if (c.principalAccount !== A) covered.crossAccount++
      if (c.identity.some((d) => d.Statement.some((s) => s.NotAction))) covered.notAction++
      if (sim.overallResult === 'ExplicitlyDenied') covered.explicitDeny++
      if ((ours.verdict === 'allowed') !== theirs) disagreements.push({ i, ours, theirs: sim.overallResult, c })
    }
    if (disagreements.length) console.log(JSON.stringify(disagreements.slice(0, 3)))
    expect({ errors, disagreements: disagreements.length }).toEqual({ errors: 0, disagreements: 0 })
    // the generator must exercise both outcomes, or agreement means little
    expect(allowed).toBeGreaterThan(CASES * 0.15)
    expect(allowed).toBeLessThan(CASES * 0.85)
    for (const [rule, n] of Object.entries(covered)) expect(n, rule).toBeGreaterThan(50)
  }, 120_000)
})
