import { describe, expect, it } from 'vitest'
import check from '../../../checks/privilege/unrecoverable-deletion.js'
import { runCheck, runCheckFull } from '../../support/run-check.js'
import { allowAll, BACKUP_ACCOUNT, daysAgo, denyDelete, estate, PROD, sharedBlastRadius, STAGING, trustAccount } from '../../iam/fixtures.js'

/** Each step of an evidence path once: the same hop is not repeated per final action. */
function expectNoRepeatedStep(path: unknown): void {
  const keys = (path as Record<string, unknown>[]).map((s) => JSON.stringify([s.from, s.action, s.to, s.resource]))
  expect(keys.length).toBeGreaterThan(0)
  expect(new Set(keys).size).toBe(keys.length)
}

describe('unrecoverable-deletion', () => {
  it('fires, critical, for the staging deploy user that reaches prod through an assumed role, with the path', () => {
    const inv = sharedBlastRadius().build()
    const findings = runCheck(check, inv)
    const deploy = findings.find((f) => f.principal?.arn === inv.arnOf('deploy'))
    expect(deploy).toMatchObject({ severity: 'critical', resource: { arn: inv.arnOf('orders') } })
    expect(deploy!.evidence.path).toEqual([
      expect.objectContaining({ from: inv.arnOf('deploy'), action: 'sts:AssumeRole', to: inv.arnOf('deployer') }),
      expect.objectContaining({ from: inv.arnOf('deployer'), action: 'rds:DeleteDBInstance', resource: inv.arnOf('orders') }),
      expect.objectContaining({ from: inv.arnOf('deployer'), action: 'backup:DeleteRecoveryPoint', resource: inv.arnOf('orders-rp-1') }),
    ])
    expect(deploy!.message).toBe(
      'deploy can delete prod database orders and the only recovery point that would survive it (1 AWS Backup recovery point ' +
        'in vault prod-vault) through role deployer (sts:AssumeRole), leaving nothing to restore',
    )
    // the prod role itself is a finding too
    expect(findings.map((f) => f.principal?.arn).sort()).toEqual([inv.arnOf('deploy'), inv.arnOf('deployer')].sort())
  })

  it('fires for a database with only automated backups, saying nothing survives its deletion', () => {
    const inv = estate().prodAccount().user('ops').inline('ops', allowAll('rds:DeleteDBInstance'))
      .database('orders', { deletionProtection: false })
      .recoveryPoint('orders-auto', 'orders', { kind: 'rds-automated', survivesDbDeletion: false })
      .build()
    const [f] = runCheck(check, inv)
    expect(f.message).toBe(
      'ops can delete prod database orders directly, and nothing survives its deletion: it has no manual snapshot, ' +
        'retained automated backup or AWS Backup recovery point, and its RDS automated backups are deleted with it',
    )
    expect(f.message).not.toMatch(/\b0 recovery points/)
    expect(f.evidence.survivingRecoveryPoints).toEqual([])
  })

  it('tells the route once and each step once when protection is on and several recovery points share the hop', () => {
    const inv = sharedBlastRadius()
      .vaultRecoveryPoint('orders-rp-2', 'prod-vault', 'orders')
      .recoveryPoint('orders-snap', 'orders')
      .with((i) => { i.databases.find((d) => d.name === 'orders')!.deletionProtection = true })
      .build()
    const f = runCheck(check, inv).find((x) => x.principal?.arn === inv.arnOf('deploy'))!
    expect(f.message).toBe(
      'deploy can delete prod database orders (after turning its deletion protection off) and all 3 recovery points that ' +
        'would survive it (2 AWS Backup recovery points in vault prod-vault, 1 manual snapshot) through role deployer ' +
        '(sts:AssumeRole), leaving nothing to restore',
    )
    expect(f.message.match(/deployer/g)).toHaveLength(1)
    expectNoRepeatedStep(f.evidence.path)
    expect(f.evidence.path).toEqual([
      expect.objectContaining({ from: inv.arnOf('deploy'), action: 'sts:AssumeRole', to: inv.arnOf('deployer') }),
      expect.objectContaining({ from: inv.arnOf('deployer'), action: 'rds:ModifyDBInstance', resource: inv.arnOf('orders') }),
      expect.objectContaining({ from: inv.arnOf('deployer'), action: 'rds:DeleteDBInstance', resource: inv.arnOf('orders') }),
      // the two vault points, deleted the same way, are one step that lists them
      expect.objectContaining({
        from: inv.arnOf('deployer'), action: 'backup:DeleteRecoveryPoint', resource: '2 recovery points of orders',
        resources: [inv.arnOf('orders-rp-1'), inv.arnOf('orders-rp-2')],
      }),
      expect.objectContaining({ from: inv.arnOf('deployer'), action: 'rds:DeleteDBSnapshot', resource: inv.arnOf('orders-snap') }),
    ])
    // the full list stays in its own field
    expect((f.evidence.survivingRecoveryPoints as { arn: string }[]).map((r) => r.arn).sort())
      .toEqual([inv.arnOf('orders-rp-1'), inv.arnOf('orders-rp-2'), inv.arnOf('orders-snap')].sort())
  })

  it('stays quiet when the vault access policy denies DeleteRecoveryPoint', () => {
    const inv = sharedBlastRadius().with((i) => { i.vaults[0].accessPolicy = denyDelete() }).build()
    expect(runCheck(check, inv)).toEqual([])
  })

  it('stays quiet when a permission boundary on the prod role leaves out backup deletion', () => {
    const inv = sharedBlastRadius()
      .managedPolicy('rds-only-boundary', allowAll(['rds:*']))
      .with((i) => { i.principals.find((p) => p.name === 'deployer')!.permissionsBoundaryArn = 'arn:aws:iam::111111111111:policy/rds-only-boundary' })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })

  it('stays quiet when a copy sits in a compliance-locked vault of another account', () => {
    const inv = sharedBlastRadius()
      .account(BACKUP_ACCOUNT, 'acme-backup', 'prod')
      .vault('vault-of-record', { locked: true, lockDate: daysAgo(30) })
      .in(PROD)
      .with((i) => {
        const vault = i.vaults.find((v) => v.name === 'vault-of-record')!
        i.recoveryPoints.push({
          ...i.recoveryPoints.find((r) => r.kind === 'backup-recovery-point')!,
          arn: 'arn:aws:rds:us-east-1:333333333333:snapshot:awsbackup:copy-1', accountId: BACKUP_ACCOUNT, vaultArn: vault.arn,
        })
      })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })

  it('stays quiet when an SCP on the prod account denies deleting recovery points', () => {
    const inv = sharedBlastRadius().scpChain({
      accountId: PROD, complete: true,
      levels: [
        { targetId: 'r-root', policies: [{ id: 'p-full', arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', name: 'FullAWSAccess', document: allowAll('*'), source: 'x' }] },
        { targetId: PROD, policies: [{ id: 'p-deny', arn: 'arn:aws:organizations::999999999999:policy/o-1/service_control_policy/p-deny', name: 'deny-backup-delete', source: 'x',
          document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'], Resource: ['*'] }] } }] },
      ],
    }).build()
    expect(runCheck(check, inv)).toEqual([])
  })

  it('stays quiet when deletion protection is on and nobody can modify the database', () => {
    const inv = estate().prodAccount().user('ops').inline('ops', allowAll(['rds:DeleteDBInstance', 'backup:DeleteRecoveryPoint']))
      .database('orders', { deletionProtection: true }).build()
    expect(runCheck(check, inv)).toEqual([])
  })

  it('does not count rds:DeleteDBSnapshot as a way to delete an awsbackup: snapshot', () => {
    const base = () => estate().prodAccount().database('orders', { deletionProtection: false }).vault('v')
      .vaultRecoveryPoint('orders-rp', 'v', 'orders')
    const quiet = base().user('ops').inline('ops', allowAll(['rds:DeleteDBInstance', 'rds:DeleteDBSnapshot'])).build()
    expect(runCheck(check, quiet)).toEqual([])
    const loud = base().user('ops').inline('ops', allowAll(['rds:DeleteDBInstance', 'backup:DeleteRecoveryPoint'])).build()
    expect(runCheck(check, loud)).toHaveLength(1)
  })

  it('needs DeleteBackupVaultLockConfiguration for a governance-locked vault', () => {
    const base = (actions: string[]) => estate().prodAccount().database('orders', { deletionProtection: false })
      .vault('v', { locked: true }).vaultRecoveryPoint('orders-rp', 'v', 'orders')
      .user('ops').inline('ops', allowAll(actions)).build()
    expect(runCheck(check, base(['rds:DeleteDBInstance', 'backup:DeleteRecoveryPoint']))).toEqual([])
    expect(runCheck(check, base(['rds:DeleteDBInstance', 'backup:DeleteRecoveryPoint', 'backup:DeleteBackupVaultLockConfiguration']))).toHaveLength(1)
  })

  it('follows an escalation: a user that can put an inline policy on itself', () => {
    const inv = estate().prodAccount().user('ci').inline('ci', allowAll('iam:PutUserPolicy', 'arn:aws:iam::111111111111:user/ci'))
      .database('orders', { deletionProtection: false }).build()
    const [f] = runCheck(check, inv)
    expect(f.evidence.path).toEqual([
      expect.objectContaining({ action: expect.stringContaining('iam:PutUserPolicy'), method: 'put-user-policy' }),
      expect.objectContaining({ action: 'rds:DeleteDBInstance' }),
    ])
    expect(f.message).toMatch(/^ci can delete prod database orders by granting itself more permissions \(iam:PutUserPolicy[^)]*\), and nothing survives/)
  })

  it('lowers to high when a step depends on an unproven condition', () => {
    const inv = estate().prodAccount().user('ops')
      .inline('ops', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['rds:*'], Resource: ['*'], Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } } }] })
      .database('orders', { deletionProtection: false }).build()
    expect(runCheck(check, inv)).toEqual([expect.objectContaining({ severity: 'high', evidence: expect.objectContaining({ verdict: 'conditional' }) })])
  })

  it('skips break-glass principals and never names service-linked roles', () => {
    const inv = estate().prodAccount()
      .user('breakglass', { breakGlass: true }).inline('breakglass', allowAll('*'))
      .role('AWSServiceRoleForRDS', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['rds.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] }, { serviceLinked: true, path: '/aws-service-role/' })
      .inline('AWSServiceRoleForRDS', allowAll('rds:*'))
      .database('orders', { deletionProtection: false }).build()
    const result = runCheckFull(check, inv)
    expect(result.findings).toEqual([])
    expect(result.skipped.map((s) => s.reason)).toEqual([expect.stringContaining('break-glass')])
  })

  it('does not let a staging principal act on prod without a trust path', () => {
    const inv = estate().prodAccount().stagingAccount()
      .in(STAGING).user('deploy').inline('deploy', allowAll('*'))
      .in(PROD).role('deployer', trustAccount(PROD)).database('orders', { deletionProtection: false }).build()
    expect(runCheck(check, inv)).toEqual([])
  })
})

describe('unrecoverable-deletion: principals with identical policies', () => {
  it('tells each one its own path, citing its own policy', () => {
    const inv = sharedBlastRadius()
      .in(STAGING).user('deploy-2').inline('deploy-2', allowAll('sts:AssumeRole'))
      .build()
    const byPrincipal = new Map(runCheck(check, inv).map((f) => [f.principal?.arn, f]))
    for (const name of ['deploy', 'deploy-2']) {
      const [hop] = byPrincipal.get(inv.arnOf(name))!.evidence.path as { from: string; via: string[] }[]
      expect(hop.from).toBe(inv.arnOf(name))
      expect(hop.via).toEqual([`${inv.arnOf(name)}/inline/inline#Statement[0]`, `${inv.arnOf('deployer')}/trust-policy#Statement[0]`])
    }
  })
})

describe('unrecoverable-deletion through PassRole escalation on function ARNs', () => {
  const lambdaTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] }
  const estateWith = (functions: string) => estate().prodAccount()
    .database('orders', { deletionProtection: false })
    .recoveryPoint('orders-auto', 'orders', { kind: 'rds-automated', survivesDbDeletion: false })
    .role('lambda-admin', lambdaTrust, { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
    .user('chore').inline('chore', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: [functions] },
        { Effect: 'Allow', Action: ['iam:PassRole'], Resource: [`arn:aws:iam::${PROD}:role/*`] },
      ],
    }).build()

  it('fires for a user that passes an admin role to a function it creates and invokes', () => {
    const inv = estateWith(`arn:aws:lambda:us-east-1:${PROD}:function:*`)
    const f = runCheck(check, inv).find((x) => x.principal?.arn === inv.arnOf('chore'))!
    expect(f).toMatchObject({ severity: 'critical', resource: { arn: inv.arnOf('orders') } })
    expect(f.evidence.path).toEqual([
      expect.objectContaining({ from: inv.arnOf('chore'), method: 'passrole-lambda', to: inv.arnOf('lambda-admin') }),
      expect.objectContaining({ from: inv.arnOf('lambda-admin'), action: 'rds:DeleteDBInstance', resource: inv.arnOf('orders') }),
    ])
  })

  it('stays quiet for the user when its functions are limited to another account', () => {
    const inv = estateWith('arn:aws:lambda:us-east-1:999999999999:function:*')
    expect(runCheck(check, inv).map((f) => f.principal?.arn)).toEqual([inv.arnOf('lambda-admin')])
  })
})
