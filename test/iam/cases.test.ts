// Engine semantics as a JSON case table a reviewer can read (test/iam/cases/evaluation.json).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createIamEngine, PolicyError } from '../../src/iam/index.js'
import type { Inventory, PolicyDocument, Principal } from '../../src/inventory/types.js'

interface EvalCase {
  name: string
  principal?: string
  tags?: Record<string, string>
  identity: (PolicyDocument | string)[]
  boundary?: PolicyDocument
  scps?: PolicyDocument[][]
  vaultPolicy?: PolicyDocument
  action: string
  resource: string
  expect: 'allowed' | 'denied' | 'conditional'
  blockedBy?: string[]
}

const cases = JSON.parse(readFileSync(new URL('./cases/evaluation.json', import.meta.url), 'utf8')) as EvalCase[]
const env = { environment: 'prod' as const, rule: 'default' as const, detail: 'case table' }

function build(c: { principal?: string; tags?: Record<string, string>; identity: unknown[]; boundary?: PolicyDocument; scps?: PolicyDocument[][]; vaultPolicy?: PolicyDocument; resource?: string }) {
  const arn = c.principal ?? 'arn:aws:iam::111111111111:user/alice'
  const accountId = arn.split(':')[4]
  const principal: Principal = {
    arn, type: 'AWS::IAM::User', accountId, region: 'global', name: arn.split('/').pop()!, environment: env, source: 'cases',
    kind: 'user', path: '/', tags: c.tags ?? {}, managedPolicyArns: [], groups: [], serviceLinked: false, breakGlass: false,
    inlinePolicies: c.identity.map((document, i) => ({ name: `p${i}`, id: `${arn}/inline/p${i}`, document: document as PolicyDocument, source: 'cases' })),
    ...(c.boundary ? { permissionsBoundaryArn: `arn:aws:iam::${accountId}:policy/boundary` } : {}),
  }
  const vaultArn = 'arn:aws:backup:us-east-1:111111111111:backup-vault:v'
  const inv: Inventory = {
    collectedAt: '2026-11-27T00:00:00Z', source: { kind: 'snapshot' }, accounts: [], principals: [principal], groups: [],
    managedPolicies: new Map(c.boundary ? [[principal.permissionsBoundaryArn!, { arn: principal.permissionsBoundaryArn!, name: 'boundary', owner: accountId, document: c.boundary, source: 'cases' }]] : []),
    databases: [], buckets: [], tables: [], storeRecoveryPoints: [], backupPlans: [], kmsAliases: [], secrets: [], organizationAccountIds: [], gaps: [], errors: [],
    scpChains: c.scps ? [{ accountId, complete: true, levels: c.scps.map((docs, i) => ({ targetId: `t${i}`, policies: docs.map((document, j) => ({ id: `s${i}${j}`, arn: `s${i}${j}`, name: `s${i}${j}`, document, source: 'cases' })) })) }] : [],
    vaults: c.vaultPolicy ? [{ arn: vaultArn, type: 'AWS::Backup::BackupVault', accountId: '111111111111', region: 'us-east-1', name: 'v', environment: env, source: 'cases', locked: false, accessPolicy: c.vaultPolicy, recoveryPointCount: 1 }] : [],
    recoveryPoints: c.vaultPolicy && c.resource ? [{ arn: c.resource, kind: 'backup-recovery-point', accountId: '111111111111', region: 'us-east-1', vaultArn, status: 'COMPLETED', survivesDbDeletion: true, environment: env, source: 'cases' }] : [],
  }
  return { inv, principal }
}

describe('evaluation case table', () => {
  it('has no duplicate case names', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length)
  })
  for (const c of cases) {
    it(c.name, () => {
      const { inv, principal } = build(c)
      const d = createIamEngine(inv).can(principal, c.action, c.resource)
      expect(d.verdict).toBe(c.expect)
      if (c.blockedBy) expect(d.blockedBy).toEqual(c.blockedBy)
    })
  }
})

describe('malformed policies', () => {
  it('names the principal, the policy and the path instead of crashing', () => {
    const { inv } = build({ identity: [{ Statement: [{ Effect: 'Allow', Action: 'rds:*' }] }] })
    expect(() => createIamEngine(inv)).toThrow(PolicyError)
    expect(() => createIamEngine(inv)).toThrow(/arn:aws:iam::111111111111:user\/alice.*inline\/p0.*Statement\[0\].*Resource/)
  })
  it('rejects a bad Effect and a non-string action', () => {
    expect(() => createIamEngine(build({ identity: [{ Statement: [{ Effect: 'allow', Action: 'x:y', Resource: '*' }] }] }).inv)).toThrow(/Effect: expected "Allow" or "Deny"/)
    expect(() => createIamEngine(build({ identity: [{ Statement: [{ Effect: 'Allow', Action: [1], Resource: '*' }] }] }).inv)).toThrow(/Action: expected a string or a list/)
  })
})
