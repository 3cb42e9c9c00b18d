import { describe, expect, it } from 'vitest'
import check from '../../../checks/isolation/shared-credential-in-workspace.js'
import { runCheck, runCheckFull } from '../../support/run-check.js'
import { estate, sharedBlastRadius, STAGING } from '../../iam/fixtures.js'
import type { WorkspaceScan } from '../../../src/inventory/types.js'
import { awsKeyId, awsSecret, githubToken, random, workspaceOf } from '../../workspace/support.js'

const withWorkspace = (ws: WorkspaceScan) => estate().prodAccount().with((i) => { i.workspace = ws }).build()
const awsPair = (id = awsKeyId(), secret = awsSecret()) => `AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${secret}\n`

describe('shared-credential-in-workspace', () => {
  it('fires, critical, on the same AWS key in .env.staging and .env.production, naming the IAM user', () => {
    const id = awsKeyId()
    const pair = awsPair(id)
    const inv = sharedBlastRadius()
      .with((i) => { i.principals.find((p) => p.name === 'deploy')!.credentials = { passwordEnabled: false, accessKeys: [{ id, active: true }] } })
      .with((i) => { i.workspace = workspaceOf({ '.env.staging': pair, '.env.production': `NODE_ENV=production\n${pair}` }) })
      .build()
    const [f, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(f).toMatchObject({
      severity: 'critical', environment: 'prod', accountId: STAGING, principal: { arn: inv.arnOf('deploy') },
      resource: { arn: 'workspace:.env.production', type: 'Bulkhead::Workspace::File' },
      location: { file: '.env.production', line: 2 },
      evidence: { sharedWith: [{ file: '.env.staging', line: 1, environment: 'staging' }], comparedBy: 'SHA-256 of the value' },
    })
    expect(f.message).toMatch(/^\.env\.production:2 \(prod\) holds AWS access key AKIA…[A-Z0-9]{4} \(sha256 [0-9a-f]{12}\) .* of IAM user deploy, and the same value is configured for non-prod at \.env\.staging:1 \(staging\)$/)
  })

  it('fires on one cloud token used by a staging CI job and a prod CI job', () => {
    const token = random(40, 'abcdefghijklmnopqrstuvwxyz0123456789')
    const workflow = [
      'on: push', 'jobs:', '  deploy-staging:', '    environment: staging', '    env:', `      CLOUD_API_TOKEN: ${token}`,
      '  release:', '    environment:', '      name: production', '    env:', `      CLOUD_API_TOKEN: ${token}`,
    ].join('\n')
    const [f, ...rest] = runCheck(check, withWorkspace(workspaceOf({ '.github/workflows/deploy.yml': workflow })))
    expect(rest).toEqual([])
    expect(f).toMatchObject({ location: { file: '.github/workflows/deploy.yml', line: 11 }, evidence: { job: 'release', sharedWith: [{ job: 'deploy-staging', environment: 'staging' }] } })
    expect(f.message).toContain('(job release) (prod)')
    expect(f.message).toContain('.github/workflows/deploy.yml:6 (job deploy-staging) (staging)')
  })

  it('fires when non-prod logs in to the prod database host as the prod user, even with another password', () => {
    const host = 'orders.cluster-c1x2y3z4.us-east-1.rds.amazonaws.com'
    const inv = withWorkspace(workspaceOf({
      'deploy/prod/app.env': `DATABASE_URL=postgres://orders_app:${random(24)}@${host}:5432/orders\n`,
      'deploy/staging/app.env': `DATABASE_URL=postgres://orders_app:${random(24)}@${host}:5432/orders\n`,
    }))
    const [f, ...rest] = runCheck(check, inv)
    expect(rest).toEqual([])
    expect(f).toMatchObject({ resource: { arn: 'workspace:deploy/prod/app.env' }, evidence: { comparedBy: 'database host and user', databaseHost: host } })
    expect(f.message).toContain(`logs in to database ${host} as orders_app`)
  })

  it('says it once when the database login is shared with the same password', () => {
    const url = `postgres://orders_app:${random(24)}@db.acme.internal/orders`
    const findings = runCheck(check, withWorkspace(workspaceOf({ '.env.production': `DATABASE_URL=${url}\n`, '.env.dev': `DATABASE_URL=${url}\n` })))
    expect(findings.map((f) => f.evidence.comparedBy)).toEqual(['SHA-256 of the value'])
  })

  it.each([
    ['prod and a file of no known environment', { '.env.production': 'X', 'scripts/.env': 'X' }],
    ['two non-prod environments', { '.env.staging': 'X', '.env.dev': 'X' }],
    ['two prod files', { '.env.production': 'X', 'k8s/prod/.env': 'X' }],
  ])('stays quiet for one secret in %s', (_, layout) => {
    const line = `GITHUB_TOKEN=${githubToken()}\n`
    const files = Object.fromEntries(Object.keys(layout).map((path) => [path, line]))
    expect(runCheck(check, withWorkspace(workspaceOf(files)))).toEqual([])
  })

  it('stays quiet when prod and staging have their own secrets and their own database users', () => {
    const host = 'db.acme.internal'
    const inv = withWorkspace(workspaceOf({
      '.env.production': `${awsPair()}GITHUB_TOKEN=${githubToken()}\nDATABASE_URL=postgres://app_prod:${random(24)}@${host}/orders\n`,
      '.env.staging': `${awsPair()}GITHUB_TOKEN=${githubToken()}\nDATABASE_URL=postgres://app_staging:${random(24)}@${host}/orders\n`,
    }))
    expect(runCheck(check, inv)).toEqual([])
  })

  it('is skipped, saying so, when no workspace was given', () => {
    expect(runCheckFull(check, estate().prodAccount().build()).skipped).toEqual([
      { checkId: 'shared-credential-in-workspace', reason: 'no --workspace given', kind: 'not-run' },
    ])
  })
})
