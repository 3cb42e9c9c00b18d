import { describe, expect, it } from 'vitest'
import check from '../../../checks/backup/backup-vault-policy-allows-delete.js'
import { estate, PROD } from '../../support/estate.js'
import type { PolicyDocument, PolicyStatement } from '../../../src/inventory/types.js'
import { runCheck, runCheckFull } from '../../support/run-check.js'

const BREAK_GLASS = `arn:aws:iam::${PROD}:role/break-glass`
const policy = (...statements: Partial<PolicyStatement>[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements.map((s) => ({ Effect: 'Deny', Principal: '*', Action: ['backup:DeleteRecoveryPoint'], Resource: ['*'], ...s }) as PolicyStatement),
})
const withPolicy = (accessPolicy: PolicyDocument | null | undefined) =>
  estate().prodAccount().database('orders')
    .role('break-glass', { Statement: [] }, { breakGlass: true })
    .role('deployer', { Statement: [] })
    .vault('prod-vault', { accessPolicy })
    .vaultRecoveryPoint('orders-rp', 'prod-vault', 'orders')
    .build()

describe('backup-vault-policy-allows-delete', () => {
  it('fires, high, on a prod vault with no access policy', () => {
    const inv = withPolicy(null)
    const [finding, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'high', resource: { arn: inv.arnOf('prod-vault') }, evidence: { accessPolicy: null } })
  })
  it('fires when the deny names one principal instead of everyone', () => {
    const [finding] = runCheck(check, withPolicy(policy({ Principal: { AWS: [`arn:aws:iam::${PROD}:role/deployer`] } })))
    expect(finding.evidence).toMatchObject({ statements: [{ reason: 'Principal is not everyone ("*")' }] })
  })
  it('fires when the deny covers other actions only', () => {
    expect(runCheck(check, withPolicy(policy({ Action: ['backup:DeleteBackupVault'] })))).toHaveLength(1)
  })
  it('fires when the exemption condition also exempts a principal that is not break-glass', () => {
    const doc = policy({ Condition: { ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS, `arn:aws:iam::${PROD}:role/deployer`] } } })
    expect(runCheck(check, withPolicy(doc))).toHaveLength(1)
  })
  it('fires when an unrelated condition limits the deny', () => {
    const doc = policy({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': ['false'] } } })
    expect(runCheck(check, withPolicy(doc))).toHaveLength(1)
  })
  it('stays quiet for a deny of DeleteRecoveryPoint to "*"', () => {
    expect(runCheck(check, withPolicy(policy({})))).toEqual([])
  })
  it.each([['backup:Delete*'], ['backup:*'], ['*'], ['BACKUP:deleterecoverypoint']])('stays quiet for the wildcard or case variant %s', (action) => {
    expect(runCheck(check, withPolicy(policy({ Action: [action], Principal: { AWS: ['*'] } })))).toEqual([])
  })
  it('stays quiet for a NotAction deny that does not exempt DeleteRecoveryPoint', () => {
    expect(runCheck(check, withPolicy(policy({ Action: undefined, NotAction: ['backup:StartBackupJob'] })))).toEqual([])
  })
  it('stays quiet when the deny exempts only break-glass principals', () => {
    const doc = policy({ Condition: { ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS] } } })
    expect(runCheck(check, withPolicy(doc))).toEqual([])
  })
  it('stays quiet when the deny names the recovery points by their AWS Backup recovery-point ARN form', () => {
    expect(runCheck(check, withPolicy(policy({ Resource: [`arn:aws:backup:us-east-1:${PROD}:recovery-point:*`] })))).toEqual([])
  })
  it('fires when the deny covers recovery points of another account only', () => {
    const [finding] = runCheck(check, withPolicy(policy({ Resource: ['arn:aws:backup:us-east-1:333333333333:recovery-point:*'] })))
    expect(finding.evidence).toMatchObject({ statements: [{ reason: 'Resource does not cover all prod recovery points' }] })
  })
  it('does not fire when the policy was not collected, and says it was skipped', () => {
    const result = runCheckFull(check, withPolicy(undefined))
    expect(result.findings).toEqual([])
    expect(result.skipped).toMatchObject([{ checkId: 'backup-vault-policy-allows-delete' }])
  })
  it('stays quiet for a vault holding only staging recovery points', () => {
    const inv = estate().stagingAccount().database('orders-stg').vault('stg-vault', { accessPolicy: null })
      .vaultRecoveryPoint('orders-stg-rp', 'stg-vault', 'orders-stg').build()
    expect(runCheck(check, inv)).toEqual([])
  })
})
