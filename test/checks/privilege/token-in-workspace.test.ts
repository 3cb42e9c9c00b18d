import { describe, expect, it } from 'vitest'
import check from '../../../checks/privilege/token-in-workspace.js'
import { runCheck, runCheckFull } from '../../support/run-check.js'
import { allowAll, estate, PROD, sharedBlastRadius, STAGING } from '../../iam/fixtures.js'
import type { Inventory } from '../../../src/inventory/types.js'
import { awsKeyId, awsSecret, githubToken, workspaceOf } from '../../workspace/support.js'

/** give IAM user `name` the access key `id` */
const withKey = (name: string, id: string, active = true) => (inv: Inventory) => {
  inv.principals.find((p) => p.name === name)!.credentials = { passwordEnabled: false, accessKeys: [{ id, active }] }
}

describe('token-in-workspace', () => {
  it('fires, high, on a GitHub token in a .env file: the file at its line, global, no account', () => {
    const inv = estate().prodAccount().with((i) => { i.workspace = workspaceOf({ '.env.staging': `A=1\nGITHUB_TOKEN=${githubToken()}\n` }) }).build()
    const [f, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(f).toMatchObject({
      severity: 'high', accountId: '', region: 'global', environment: 'staging',
      resource: { arn: 'workspace:.env.staging', type: 'Bulkhead::Workspace::File' },
      location: { file: '.env.staging', line: 2 },
      evidence: { tokenType: 'github-token', preview: 'ghp_', variable: 'GITHUB_TOKEN' },
    })
    expect(f.message).toMatch(/^\.env\.staging line 2 holds GitHub token ghp_… \(sha256 [0-9a-f]{12}\) in GITHUB_TOKEN$/)
    expect(f.environmentRule).toBe("file name '.env.staging' has the word 'staging'")
  })

  it('fires, critical, when the AWS key belongs to a user that can delete prod and every way back, with the path', () => {
    const id = awsKeyId()
    const inv = sharedBlastRadius()
      .with(withKey('deploy', id))
      .with((i) => { i.workspace = workspaceOf({ 'scripts/renew-domain.sh': `export AWS_ACCESS_KEY_ID=${id}\nexport AWS_SECRET_ACCESS_KEY=${awsSecret()}\n` }) })
      .build()
    const [f, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(f).toMatchObject({
      severity: 'critical', accountId: STAGING, principal: { arn: inv.arnOf('deploy') },
      resource: { arn: 'workspace:scripts/renew-domain.sh' }, location: { file: 'scripts/renew-domain.sh', line: 1 },
      // the key id in the console's form (prefix and last four), never whole
      evidence: { accessKeyId: `AKIA…${id.slice(-4)}`, secretBesideIt: true, iamUser: inv.arnOf('deploy') },
    })
    expect(f.message).toContain(`holds AWS access key AKIA…${id.slice(-4)} (sha256 `)
    expect(JSON.stringify(f)).not.toContain(id)
    expect(f.message).toContain('can delete prod database orders through role deployer (sts:AssumeRole)')
    expect(f.message).toContain('(unrecoverable-deletion)')
    const [reach] = f.evidence.destruction as { database: string; kinds: string[]; path: { action: string }[] }[]
    expect(reach.database).toBe(inv.arnOf('orders'))
    expect(reach.kinds).toEqual(['can-delete-prod-database', 'can-delete-prod-backups', 'unrecoverable-deletion'])
    expect(reach.path.map((s) => s.action)).toEqual(['sts:AssumeRole', 'rds:DeleteDBInstance', 'backup:DeleteRecoveryPoint'])
  })

  it('stays high when the key maps to a user that can destroy nothing', () => {
    const id = awsKeyId()
    const inv = estate().prodAccount().user('reader').inline('reader', allowAll('s3:GetObject'))
      .database('orders', { deletionProtection: false })
      .with(withKey('reader', id))
      .with((i) => { i.workspace = workspaceOf({ '.env.production': `AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${awsSecret()}\n` }) })
      .build()
    const [f] = runCheck(check, inv)
    expect(f).toMatchObject({ severity: 'high', accountId: PROD, principal: { arn: inv.arnOf('reader') }, evidence: { destruction: [] } })
  })

  it('stays high when the user can destroy prod only under a condition the inventory cannot prove, and says why', () => {
    const id = awsKeyId()
    const inv = estate().prodAccount().user('ops')
      .inline('ops', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['rds:*'], Resource: ['*'], Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } } }] })
      .database('orders', { deletionProtection: false })
      .with(withKey('ops', id))
      .with((i) => { i.workspace = workspaceOf({ '.env': `AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${awsSecret()}\n` }) })
      .build()
    const [f] = runCheck(check, inv)
    expect(f).toMatchObject({ severity: 'high', principal: { arn: inv.arnOf('ops') }, evidence: { destruction: [{ verdict: 'conditional' }] } })
    expect(f.message).toMatch(/can delete prod database orders directly .*; high rather than critical because a step depends on a condition/)
  })

  it('is low for a key id without its secret, and for a key IAM reports inactive', () => {
    const lone = awsKeyId()
    const inactive = awsKeyId()
    const inv = sharedBlastRadius()
      .with(withKey('deploy', inactive, false))
      .with((i) => {
        i.workspace = workspaceOf({
          'docs/keys.md': `The old key was ${lone}.\n`,
          '.env': `AWS_ACCESS_KEY_ID=${inactive}\nAWS_SECRET_ACCESS_KEY=${awsSecret()}\n`,
        })
      })
      .build()
    const findings = runCheck(check, inv)
    expect(findings.map((f) => [f.resource.arn, f.severity])).toEqual([
      ['workspace:.env', 'low'],
      ['workspace:docs/keys.md', 'low'],
    ])
    expect(findings[0].message).toContain('inactive')
  })

  it('says when the key could not be mapped because IAM data was not collected', () => {
    const inv = estate().prodAccount()
      .with((i) => { i.workspace = workspaceOf({ '.env': `AWS_ACCESS_KEY_ID=${awsKeyId()}\nAWS_SECRET_ACCESS_KEY=${awsSecret()}\n` }) })
      .build()
    expect(runCheck(check, inv)[0].evidence.iamUser).toBe('IAM data not collected')
  })

  it('reports each credential of one file as its own finding', () => {
    const inv = estate().prodAccount()
      .with((i) => { i.workspace = workspaceOf({ '.env': `GITHUB_TOKEN=${githubToken()}\nOTHER_TOKEN=${githubToken()}\n` }) })
      .build()
    const findings = runCheck(check, inv)
    expect(findings.map((f) => f.location.line)).toEqual([1, 2])
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(2)
  })

  it('stays quiet on placeholders, references and documented examples', () => {
    const inv = estate().prodAccount()
      .with((i) => {
        i.workspace = workspaceOf({
          '.env.production': 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nAPI_TOKEN=${API_TOKEN}\nDB_PASSWORD=changeme\n',
          '.github/workflows/deploy.yml': 'jobs:\n  prod:\n    environment: production\n    env:\n      RAILWAY_TOKEN: ${{ secrets.RAILWAY_TOKEN }}\n',
        })
      })
      .build()
    expect(runCheck(check, inv)).toEqual([])
  })

  it('is skipped, saying so, when no workspace was given', () => {
    const result = runCheckFull(check, estate().prodAccount().build())
    expect(result.findings).toEqual([])
    expect(result.skipped).toEqual([{ checkId: 'token-in-workspace', reason: 'no --workspace given', kind: 'not-run' }])
  })
})
