import { describe, expect, it } from 'vitest'
import { describePath, describeRecoveryPoints, destructionPathEvidence, pathEvidence } from '../../src/checks/paths.js'
import type { Step } from '../../src/iam/engine.js'

const USER = 'arn:aws:iam::222222222222:user/ci'
const ROLE_A = 'arn:aws:iam::111111111111:role/deploy/deploy-prod'
const ROLE_B = 'arn:aws:iam::111111111111:role/backup-admin'
const DB = 'arn:aws:rds:us-east-1:111111111111:db:orders'
const RP1 = 'arn:aws:backup:us-east-1:111111111111:recovery-point:rp-1'
const RP2 = 'arn:aws:backup:us-east-1:111111111111:recovery-point:rp-2'
const VAULT = 'arn:aws:backup:us-east-1:111111111111:backup-vault:prod-vault'

const hop = (from: string, to: string, action = 'sts:AssumeRole'): Step => ({ from, action, to, verdict: 'allowed', via: [`${from}/inline/p#Statement[0]`] })
const act = (from: string, action: string, resource: string, verdict: Step['verdict'] = 'allowed'): Step => ({ from, action, resource, verdict, via: [`${from}/inline/p#Statement[1]`] })

describe('describePath', () => {
  it('is "directly" without a hop', () => {
    expect(describePath([act(USER, 'rds:DeleteDBInstance', DB)])).toBe('directly')
  })

  it('names each role once, by kind and name, however many final actions share the hop', () => {
    const steps = [hop(USER, ROLE_A), act(ROLE_A, 'rds:ModifyDBInstance', DB), hop(USER, ROLE_A), act(ROLE_A, 'rds:DeleteDBInstance', DB)]
    expect(describePath(steps)).toBe('through role deploy-prod (sts:AssumeRole)')
  })

  it('tells a chain in order, and two separate routes with "and"', () => {
    expect(describePath([hop(USER, ROLE_A), hop(ROLE_A, ROLE_B), act(ROLE_B, 'backup:DeleteRecoveryPoint', RP1)]))
      .toBe('through role deploy-prod (sts:AssumeRole), then role backup-admin (sts:AssumeRole)')
    expect(describePath([hop(USER, ROLE_A), act(ROLE_A, 'rds:DeleteDBInstance', DB), hop(USER, ROLE_B), act(ROLE_B, 'backup:DeleteRecoveryPoint', RP1)]))
      .toBe('through role deploy-prod (sts:AssumeRole) and role backup-admin (sts:AssumeRole)')
  })

  it('says a principal escalated itself, and continues the chain from its escalated self', () => {
    const self: Step = { ...hop(USER, USER, 'iam:PutUserPolicy'), method: 'put-user-policy' }
    expect(describePath([self, act(`${USER} (with every permission its boundary and SCPs allow)`, 'rds:DeleteDBInstance', DB)]))
      .toBe('by granting itself more permissions (iam:PutUserPolicy)')
    expect(describePath([self, hop(`${USER} (with every permission its boundary and SCPs allow)`, ROLE_A)]))
      .toBe('by granting itself more permissions (iam:PutUserPolicy), then role deploy-prod (sts:AssumeRole)')
  })
})

describe('pathEvidence', () => {
  it('keeps each step once, in order', () => {
    const path = pathEvidence([hop(USER, ROLE_A), act(ROLE_A, 'rds:ModifyDBInstance', DB), hop(USER, ROLE_A), act(ROLE_A, 'rds:DeleteDBInstance', DB)])
    expect(path.map((s) => s.action)).toEqual(['sts:AssumeRole', 'rds:ModifyDBInstance', 'rds:DeleteDBInstance'])
  })

  it('cites a statement once when it grants several actions of one step', () => {
    const via = [`${USER}/inline/p#Statement[0]`, `${USER}/inline/p#Statement[0]`]
    const [step] = pathEvidence([{ from: USER, action: 'iam:PassRole + lambda:CreateFunction', to: ROLE_A, method: 'passrole-lambda', verdict: 'allowed', via }])
    expect(step.via).toEqual([`${USER}/inline/p#Statement[0]`])
  })
})

describe('destructionPathEvidence', () => {
  it('folds the deletions of several recovery points by one principal and action into one step that lists them', () => {
    const rps = [
      { arn: RP1, kind: 'backup-recovery-point' as const, vaultArn: VAULT, path: { steps: [hop(USER, ROLE_A), act(ROLE_A, 'backup:DeleteRecoveryPoint', RP1)] } },
      { arn: RP2, kind: 'backup-recovery-point' as const, vaultArn: VAULT, path: { steps: [hop(USER, ROLE_A), act(ROLE_A, 'backup:DeleteRecoveryPoint', RP2, 'conditional')] } },
    ]
    const path = destructionPathEvidence('orders', [hop(USER, ROLE_A), act(ROLE_A, 'rds:DeleteDBInstance', DB)], rps)
    expect(path).toEqual([
      expect.objectContaining({ from: USER, action: 'sts:AssumeRole', to: ROLE_A }),
      expect.objectContaining({ from: ROLE_A, action: 'rds:DeleteDBInstance', resource: DB }),
      { from: ROLE_A, action: 'backup:DeleteRecoveryPoint', resource: '2 recovery points of orders', resources: [RP1, RP2], verdict: 'conditional', via: [`${ROLE_A}/inline/p#Statement[1]`] },
    ])
  })

  it('keeps a single recovery point as its own ARN', () => {
    const rps = [{ arn: RP1, kind: 'backup-recovery-point' as const, path: { steps: [act(USER, 'backup:DeleteRecoveryPoint', RP1)] } }]
    expect(destructionPathEvidence('orders', [], rps)).toEqual([expect.objectContaining({ resource: RP1 })])
  })
})

describe('describeRecoveryPoints', () => {
  it('counts by kind, with the vaults they sit in', () => {
    expect(describeRecoveryPoints([
      { kind: 'backup-recovery-point', vaultArn: VAULT },
      { kind: 'rds-manual-snapshot' },
      { kind: 'backup-recovery-point', vaultArn: VAULT },
    ])).toBe('2 AWS Backup recovery points in vault prod-vault, 1 manual snapshot')
  })
})
