// The containment agent-check proposes is real IAM: the documents pass an IAM policy validator
// (@cloud-copilot/iam-policy, a devDependency), name only actions of AWS's catalogue, fit AWS's
// size limits, and do what they claim: with the boundary on the principals that delete, the demo
// estate's credentials reach no destruction (bulkhead's engine) while reads and deploys stay
// allowed (bulkhead's engine and iam-simulate); the SCP denies the destructive actions through
// an MCP server and nothing else (iam-simulate).
import { describe, expect, it } from 'vitest'
import { validateIdentityPolicy, validateServiceControlPolicy } from '@cloud-copilot/iam-policy'
import { runSimulation } from '@cloud-copilot/iam-simulate'
import { boundaryDocument, BOUNDARY_POLICY_NAME, mcpGuardrailDocument, shellQuote } from '../../src/agent/containment.js'
import { canAssume, destructiveActions, engineFor, reachOf } from '../../src/agent/engine-calls.js'
import { actionInfo } from '../../src/iam/catalogue.js'
import { parsePolicyDocument } from '../../src/inventory/policy.js'
import type { Inventory } from '../../src/inventory/types.js'
import check from '../../checks/privilege/agent-credential-reach.js'
import type { Containment } from '../../src/agent/containment.js'
import { runCheck } from '../support/run-check.js'
import { DEMO_HOME, demoInventory, discover, PROD_ID } from './support.js'

const boundary = boundaryDocument(PROD_ID, [{ action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:orders-master-AbCdEf' }])
const scp = mcpGuardrailDocument()
const actionsOf = (doc: { Statement: Record<string, unknown>[] }) => doc.Statement.flatMap((s) => [s.Action].flat() as string[]).filter((a) => a !== '*')

/** The demo estate with the boundary attached to these principals. */
function withBoundary(names: string[]): Inventory {
  const inv = demoInventory()
  const arn = `arn:aws:iam::${PROD_ID}:policy/${BOUNDARY_POLICY_NAME}`
  inv.managedPolicies.set(arn, { arn, name: BOUNDARY_POLICY_NAME, owner: PROD_ID, document: parsePolicyDocument(boundaryDocument(PROD_ID), 'boundary', '$'), source: 'boundary' })
  for (const p of inv.principals) if (names.includes(p.name)) p.permissionsBoundaryArn = arn
  return inv
}

describe('the permissions boundary', () => {
  it('is a valid identity policy naming only real actions, within the 6,144-character managed policy limit', () => {
    expect(validateIdentityPolicy(boundary)).toEqual([])
    for (const a of actionsOf(boundary)) expect(actionInfo(a), a).toBeDefined()
    expect(JSON.stringify(boundary).length).toBeLessThanOrEqual(6144)
    expect(boundary.Statement.find((s) => s.Sid === 'DenyPathStep1')).toEqual({
      Sid: 'DenyPathStep1', Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: ['arn:aws:secretsmanager:us-east-1:111111111111:secret:orders-master-AbCdEf'],
    })
  })

  it('on domain-bot and deploy-prod leaves none of the demo credentials a way to destroy prod (bulkhead engine)', () => {
    const before = demoInventory()
    const engine0 = engineFor(before)
    const principal = (inv: Inventory, name: string) => inv.principals.find((p) => p.name === name)!
    for (const name of ['domain-bot', 'staging-deploy', 'deploy-prod']) expect(reachOf(engine0, before, principal(before, name)).some((r) => r.kinds.length), name).toBe(true)
    const after = withBoundary(['domain-bot', 'deploy-prod'])
    const engine = engineFor(after)
    for (const name of ['domain-bot', 'staging-deploy', 'deploy-prod']) expect(reachOf(engine, after, principal(after, name)).flatMap((r) => r.kinds), name).toEqual([])
    // what a deploy needs stays: reads, modifications, snapshots, and the hop into the role
    const db = 'arn:aws:rds:us-east-1:111111111111:db:orders-prod'
    for (const action of ['rds:DescribeDBInstances', 'rds:ModifyDBInstance', 'rds:CreateDBSnapshot']) expect(engine.can(principal(after, 'deploy-prod'), action, db).verdict, action).toBe('allowed')
    expect(canAssume(engine, principal(after, 'staging-deploy'), principal(after, 'deploy-prod')).verdict).toBe('allowed')
  })

  it('denies what it lists and keeps the rest, as iam-simulate evaluates it', async () => {
    const simulate = async (action: string, resource: string) => (await runSimulation({
      request: { principal: 'arn:aws:iam::111111111111:role/deploy-prod', action, resource: { resource, accountId: PROD_ID }, contextVariables: {} },
      identityPolicies: [{ name: 'deploy', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['rds:*', 'backup:*', 'iam:*'], Resource: '*' }] } }],
      serviceControlPolicies: [], resourceControlPolicies: [],
      permissionBoundaryPolicies: [{ name: BOUNDARY_POLICY_NAME, policy: boundary }],
    }, { simulationMode: 'Strict' }))
    const result = async (action: string, resource: string) => {
      const r = await simulate(action, resource)
      return r.resultType === 'error' ? r.errors : r.overallResult
    }
    expect(await result('rds:DeleteDBInstance', 'arn:aws:rds:us-east-1:111111111111:db:orders-prod')).toBe('ExplicitlyDenied')
    expect(await result('backup:DeleteRecoveryPoint', 'arn:aws:backup:us-east-1:111111111111:recovery-point:rp-1')).toBe('ExplicitlyDenied')
    expect(await result('iam:DeleteRolePermissionsBoundary', 'arn:aws:iam::111111111111:role/deploy-prod')).toBe('ExplicitlyDenied')
    expect(await result('iam:CreatePolicyVersion', `arn:aws:iam::111111111111:policy/${BOUNDARY_POLICY_NAME}`)).toBe('ExplicitlyDenied')
    expect(await result('rds:ModifyDBInstance', 'arn:aws:rds:us-east-1:111111111111:db:orders-prod')).toBe('Allowed')
    expect(await result('iam:CreatePolicyVersion', 'arn:aws:iam::111111111111:policy/app-policy')).toBe('Allowed')
  })
})

describe('the containment agent-check prints for the demo home', () => {
  it('applied as printed (each boundary on the principals it names), leaves no credential there critical or high', () => {
    const judge = (inv: Inventory) => {
      inv.agentCredentials = discover(DEMO_HOME, {}).discovery
      return runCheck(check, inv)
    }
    const before = judge(demoInventory())
    expect(before.filter((f) => f.severity === 'critical').length).toBeGreaterThanOrEqual(3)
    const plans = before.flatMap((f) => ((f.evidence.containment as Containment | undefined)?.boundaries ?? []))
    const after = demoInventory()
    for (const plan of plans) {
      after.managedPolicies.set(plan.policyArn, { arn: plan.policyArn, name: BOUNDARY_POLICY_NAME, owner: plan.accountId, document: parsePolicyDocument(plan.document, plan.file, '$'), source: plan.file })
      for (const t of plan.attachTo) after.principals.find((p) => p.arn === t.arn)!.permissionsBoundaryArn = plan.policyArn
    }
    const again = judge(after)
    expect(again.filter((f) => f.severity === 'critical' || f.severity === 'high')).toEqual([])
    // the same credentials are still found and mapped: contained, not hidden
    expect(again.map((f) => f.resource.arn).sort()).toEqual(before.map((f) => f.resource.arn).sort())
  })
})

describe('the MCP guardrail', () => {
  it('is a valid SCP within the 5,120-character limit, denying the destructive actions of spec §7 under aws:ViaAWSMCPService', () => {
    expect(validateServiceControlPolicy(scp)).toEqual([])
    expect(JSON.stringify(scp).length).toBeLessThanOrEqual(5120)
    expect(scp.Statement[0]).toMatchObject({ Effect: 'Deny', Action: destructiveActions(), Resource: '*', Condition: { Bool: { 'aws:ViaAWSMCPService': 'true' } } })
  })

  it('denies a destructive call through an MCP server, allows the same call made directly and a read through MCP (iam-simulate)', async () => {
    const simulate = async (action: string, via: boolean) => {
      const r = await runSimulation({
        request: { principal: 'arn:aws:iam::111111111111:user/domain-bot', action, resource: { resource: 'arn:aws:rds:us-east-1:111111111111:db:orders-prod', accountId: PROD_ID }, contextVariables: { 'aws:ViaAWSMCPService': via ? 'true' : 'false' } },
        identityPolicies: [{ name: 'p', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'rds:*', Resource: '*' }] } }],
        serviceControlPolicies: [{ orgIdentifier: 'r-root', policies: [{ name: 'FullAWSAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }, { name: 'mcp', policy: scp }] }],
        resourceControlPolicies: [],
      }, { simulationMode: 'Strict' })
      return r.resultType === 'error' ? r.errors : r.overallResult
    }
    expect(await simulate('rds:DeleteDBInstance', true)).toBe('ExplicitlyDenied')
    expect(await simulate('rds:DeleteDBInstance', false)).toBe('Allowed')
    expect(await simulate('rds:DescribeDBInstances', true)).toBe('Allowed')
  })
})

describe('shellQuote', () => {
  it('leaves safe words alone and single-quotes the rest, quotes included', () => {
    expect(shellQuote('deploy-prod')).toBe('deploy-prod')
    expect(shellQuote("it's; rm -rf ~")).toBe(`'it'\\''s; rm -rf ~'`)
  })
})
