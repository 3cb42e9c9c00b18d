// agent-credential-reach on the demo snapshot with a temporary home of made-up profiles (static
// keys, a role chain, an SSO profile, credential_process, an unknown key) and keys in the
// environment: the incident's credentials are critical with their path, the SSO profile is
// mapped, the unknown key unmapped; near misses stay info.
import { afterAll, describe, expect, it } from 'vitest'
import check from '../../../checks/privilege/agent-credential-reach.js'
import type { Finding } from '../../../src/checks/define.js'
import type { Inventory } from '../../../src/inventory/types.js'
import { runCheck, runCheckFull } from '../../support/run-check.js'
import { allowAll, estate, PROD, STAGING, trustAccount } from '../../support/estate.js'
import { awsKeyId, awsSecret, random } from '../../workspace/support.js'
import { demoInventory, discover, DOMAIN_BOT_KEY, sha1, STAGING_DEPLOY_KEY, tempHome } from '../../agent/support.js'

const keysOf = (id: string) => `aws_access_key_id = ${id}\naws_secret_access_key = ${awsSecret()}\n`
const unknownKey = awsKeyId()
const home = tempHome({
  '.aws/credentials': `[default]\n${keysOf(DOMAIN_BOT_KEY)}[old]\n${keysOf(unknownKey)}`,
  '.aws/config': [
    '[profile prod-deploy]', 'role_arn = arn:aws:iam::111111111111:role/deploy-prod', 'source_profile = default',
    '[profile via-env]', 'role_arn = arn:aws:iam::111111111111:role/deploy-prod', 'credential_source = Environment',
    '[profile readonly]', 'sso_session = acme', 'sso_account_id = 111111111111', 'sso_role_name = ProdReadOnly',
    '[sso-session acme]', 'sso_start_url = https://acme-test.awsapps.com/start', 'sso_region = us-east-1',
    '[profile vault]', 'credential_process = /usr/local/bin/aws-vault export --format=json acme',
    '[profile via-vault]', 'role_arn = arn:aws:iam::111111111111:role/deploy-prod', 'source_profile = vault', '',
  ].join('\n'),
  [`.aws/sso/cache/${sha1('acme')}.json`]: JSON.stringify({ startUrl: 'https://acme-test.awsapps.com/start', accessToken: random(300), expiresAt: '2026-11-27T20:00:00Z' }),
  '.aws/cli/cache/old.json': JSON.stringify({ Credentials: { AccessKeyId: `ASIA${'Q'.repeat(16)}`, SecretAccessKey: awsSecret(), SessionToken: random(200), Expiration: '2026-11-26T00:00:00Z' }, AssumedRoleUser: { Arn: 'arn:aws:sts::111111111111:assumed-role/deploy-prod/s' } }),
  '.aws/cli/cache/live.json': JSON.stringify({ Credentials: { AccessKeyId: `ASIA${'R'.repeat(16)}`, SecretAccessKey: awsSecret(), SessionToken: random(200), Expiration: '2026-11-27T13:00:00Z' }, AssumedRoleUser: { Arn: 'arn:aws:sts::111111111111:assumed-role/deploy-prod/s2' } }),
})
afterAll(() => home.remove())

const env = { AWS_ACCESS_KEY_ID: STAGING_DEPLOY_KEY, AWS_SECRET_ACCESS_KEY: awsSecret() }

function withDiscovery(inv: Inventory, environment: Record<string, string> = env): Inventory {
  inv.agentCredentials = discover(home.root, environment).discovery
  return inv
}

const findings = runCheck(check, withDiscovery(demoInventory()))
const of = (arn: string): Finding => {
  const f = findings.find((x) => x.resource.arn === arn)
  if (!f) throw new Error(`no finding on ${arn}: ${findings.map((x) => x.resource.arn).join(', ')}`)
  return f
}
const actions = (f: Finding) => (f.evidence.path as { action: string }[]).map((s) => s.action)

describe('agent-credential-reach', () => {
  it('is critical for the chore key in [default], with the path through the database and its backups', () => {
    const f = of('agent:profile/default')
    expect(f).toMatchObject({ severity: 'critical', accountId: PROD, principal: { arn: 'arn:aws:iam::111111111111:user/domain-bot' }, location: { line: 1 } })
    expect(f.location.file).toMatch(/\.aws\/credentials$/)
    expect(f.message).toMatch(/^profile default \(~\/\.aws\/credentials line 1\) holds AWS access key AKIA…KQD2 of IAM user domain-bot \(111111111111\), which can delete prod bucket acme-invoices-prod, prod databases billing-prod and orders-prod and prod table sessions-prod directly and every recovery point that would survive them \(unrecoverable-deletion\)$/)
    expect(actions(f)).toEqual(['rds:DeleteDBInstance', 'backup:DeleteRecoveryPoint'])
    expect(f.evidence).toMatchObject({ credential: { accessKeyId: 'AKIA…KQD2', secretBesideIt: true }, mapping: { status: 'mapped', mappedBy: 'iam-list-access-keys--domain-bot.json' } })
  })

  it('is critical for the staging key in the environment (used by default), through the prod role', () => {
    const f = of('agent:env/AWS_ACCESS_KEY_ID')
    expect(f).toMatchObject({ severity: 'critical', principal: { arn: 'arn:aws:iam::222222222222:user/staging-deploy' }, location: { file: 'environment' } })
    expect(f.message).toContain('environment AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, the one used when no profile is named, hold AWS access key AKIA…JLJL of IAM user staging-deploy')
    expect(actions(f)).toEqual(['sts:AssumeRole', 'rds:DeleteDBInstance', 'backup:DeleteRecoveryPoint'])
  })

  it('is critical for a role chain whose source may assume the role, naming the hop', () => {
    const f = of('agent:profile/via-env')
    expect(f).toMatchObject({ severity: 'critical', principal: { arn: 'arn:aws:iam::111111111111:role/deploy-prod' } })
    expect(f.message).toContain('assumes role deploy-prod in account 111111111111 with credential_source Environment, which its source, IAM user staging-deploy (222222222222), may assume; that role can delete')
    expect(f.evidence.mapping).toMatchObject({ assumption: [{ from: 'arn:aws:iam::222222222222:user/staging-deploy', to: 'arn:aws:iam::111111111111:role/deploy-prod', verdict: 'allowed' }] })
    expect(actions(f)[0]).toBe('sts:AssumeRole')
  })

  it('stays info for a role chain whose source may not assume the role (domain-bot is not trusted by deploy-prod)', () => {
    const f = of('agent:profile/prod-deploy')
    expect(f).toMatchObject({ severity: 'info', principal: { arn: 'arn:aws:iam::111111111111:role/deploy-prod' }, evidence: { destruction: [] } })
    expect(f.message).toContain("which this profile cannot reach: its source, profile default, IAM user domain-bot (111111111111), may not assume role deploy-prod (111111111111): the role's trust policy does not admit it")
  })

  it('is high, not critical, when the chain starts from a credential it cannot map, and says so', () => {
    const f = of('agent:profile/via-vault')
    expect(f.severity).toBe('high')
    expect(f.message).toMatch(/high rather than critical because whether the chain starts is unknown: its source, profile vault, is unmapped/)
  })

  it('maps the SSO profile to its AWSReservedSSO_ role: info, it destroys nothing, and says its token is usable now', () => {
    const f = of('agent:profile/readonly')
    expect(f).toMatchObject({ severity: 'info', principal: { arn: 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ProdReadOnly_4f2c1a9b8e7d6c5a' } })
    expect(f.message).toMatch(/can destroy no prod data store and none of its recovery points; an SSO token is cached until 2026-11-27T20:00:00Z: usable now, without a browser$/)
  })

  it('reports the unknown key and the credential_process profile as unmapped, medium: never harmless', () => {
    for (const arn of ['agent:profile/old', 'agent:profile/vault']) {
      const f = of(arn)
      expect(f.severity, arn).toBe('medium')
      expect(f.principal, arn).toBeUndefined()
      expect(f.message, arn).toMatch(/cannot map to a principal: .*; medium because what it can destroy is unknown, which is not harmless$/)
    }
    expect(of('agent:profile/old').evidence.containment).toMatchObject({ hide: [{ file: '~/.aws/credentials' }], boundaries: [] })
  })

  it('judges cached CLI sessions by expiry: a live deploy-prod session is critical, an expired one info', () => {
    expect(of('agent:cli-cache/live.json')).toMatchObject({ severity: 'critical', principal: { arn: 'arn:aws:iam::111111111111:role/deploy-prod' } })
    const old = of('agent:cli-cache/old.json')
    expect(old.severity).toBe('info')
    expect(old.message).toContain('cannot sign requests as it stands: the cached session expired at 2026-11-26T00:00:00Z')
  })

  it('tells what to do before starting an agent: variables, files, a boundary on the principals that delete, the MCP guardrail', () => {
    const c = of('agent:env/AWS_ACCESS_KEY_ID').evidence.containment as { unset: string[]; hide: unknown[]; boundaries: { accountId: string; attachTo: { arn: string }[]; commands: string[] }[]; mcpGuardrail: { document: { Statement: { Condition: unknown }[] } } }
    expect(c.unset).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])
    expect(c.hide).toEqual([])
    // the staging user only assumes the role: the role is what deletes, so the boundary goes there
    expect(c.boundaries.map((b) => [b.accountId, b.attachTo.map((t) => t.arn)])).toEqual([[PROD, ['arn:aws:iam::111111111111:role/deploy-prod']]])
    expect(c.boundaries[0].commands.at(-1)).toBe('aws iam put-role-permissions-boundary --role-name deploy-prod --permissions-boundary arn:aws:iam::111111111111:policy/bulkhead-agent-boundary')
    expect(c.mcpGuardrail.document.Statement[0].Condition).toEqual({ Bool: { 'aws:ViaAWSMCPService': 'true' } })
  })

  it('gives each credential one finding, in every place it lies', () => {
    expect(findings.map((f) => f.resource.arn).sort()).toEqual([
      'agent:cli-cache/live.json', 'agent:cli-cache/old.json', 'agent:env/AWS_ACCESS_KEY_ID', 'agent:profile/default', 'agent:profile/old',
      'agent:profile/prod-deploy', 'agent:profile/readonly', 'agent:profile/vault', 'agent:profile/via-env', 'agent:profile/via-vault',
    ])
  })

  it('is high when the principal can destroy prod only under a condition the inventory cannot prove', () => {
    const id = awsKeyId()
    const inv = estate().prodAccount().user('ops')
      .inline('ops', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['rds:*'], Resource: ['*'], Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } } }] })
      .database('orders', { deletionProtection: false })
      .with((i) => { i.principals[0].credentials = { passwordEnabled: false, accessKeys: [{ id, active: true }] } })
      .build()
    const h = tempHome({ '.aws/credentials': `[default]\n${keysOf(id)}` })
    try {
      inv.agentCredentials = discover(h.root).discovery
      const [f] = runCheck(check, inv)
      expect(f).toMatchObject({ severity: 'high', evidence: { destruction: [{ verdict: 'conditional' }] } })
      expect(f.message).toMatch(/can delete prod database orders directly and every recovery point .*; high rather than critical because a step depends on a condition the inventory cannot prove$/)
    } finally {
      h.remove()
    }
  })

  it('is high when assuming the role depends on a condition it cannot prove', () => {
    const trust = { ...trustAccount(STAGING), Statement: [{ ...trustAccount(STAGING).Statement[0], Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } } }] }
    const id = awsKeyId()
    const inv = estate().prodAccount().stagingAccount()
      .in(STAGING).user('deploy').inline('deploy', allowAll('sts:AssumeRole'))
      .with((i) => { i.principals[0].credentials = { passwordEnabled: false, accessKeys: [{ id, active: true }] } })
      .in(PROD).role('deployer', trust).inline('deployer', allowAll(['rds:*']))
      .database('orders', { deletionProtection: false })
      .build()
    const h = tempHome({ '.aws/credentials': `[stg]\n${keysOf(id)}`, '.aws/config': `[profile prod]\nrole_arn = ${inv.arnOf('deployer')}\nsource_profile = stg\n` })
    try {
      inv.agentCredentials = discover(h.root).discovery
      const f = runCheck(check, inv).find((x) => x.resource.arn === 'agent:profile/prod')!
      expect(f.severity).toBe('high')
      expect(f.message).toContain('may assume only under a condition the inventory cannot prove')
      expect(f.message).toContain('assuming the role depends on a condition the inventory cannot prove')
    } finally {
      h.remove()
    }
  })

  it('is high, not critical, when recovery data of the database\'s account failed to collect: a surviving point may be unseen', () => {
    const inv = withDiscovery(demoInventory())
    inv.gaps.push({ part: 'recoveryPoints', accountId: PROD, region: 'us-east-1', what: 'backup-list-recovery-points-by-backup-vault--prod-vault.json', reason: 'AccessDenied', failed: true })
    const f = runCheck(check, inv).find((x) => x.resource.arn === 'agent:profile/default')!
    expect(f.severity).toBe('high')
    expect(f.message).toMatch(/; high rather than critical because recovery data of account 111111111111 was not all collected \(backup-list-recovery-points-by-backup-vault--prod-vault\.json\), so a surviving recovery point may be unseen$/)
  })

  it('is high for AWS_ROLE_ARN with a web identity token: the token\'s issuer and claims are not evaluated offline', () => {
    const h = tempHome({ 'token.jwt': 'x' })
    try {
      const inv = demoInventory()
      inv.agentCredentials = discover(h.root, { AWS_ROLE_ARN: 'arn:aws:iam::111111111111:role/deploy-prod', AWS_WEB_IDENTITY_TOKEN_FILE: `${h.root}/token.jwt` }).discovery
      const [f] = runCheck(check, inv)
      expect(f).toMatchObject({ severity: 'high', resource: { arn: 'agent:env/AWS_ROLE_ARN' }, principal: { arn: 'arn:aws:iam::111111111111:role/deploy-prod' } })
      expect(f.message).toMatch(/^environment AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE, the one used when no profile is named, assumes role deploy-prod in account 111111111111 with the web identity token in .*token\.jwt; that role can delete .*; high rather than critical because whether the role's trust policy admits this web identity token \(its issuer and claims\) is not evaluated offline$/)
    } finally {
      h.remove()
    }
  })

  it('says it was skipped outside agent-check, and finds nothing', () => {
    const r = runCheckFull(check, demoInventory())
    expect(r.findings).toEqual([])
    expect(r.skipped).toEqual([{ checkId: 'agent-credential-reach', reason: 'no credentials discovered: this check runs under bulkhead agent-check and bulkhead reach', kind: 'partial' }])
  })

  it('maps nothing without a snapshot, and says how to map', () => {
    const inv = withDiscovery(estate().build(), {})
    const f = runCheck(check, inv).find((x) => x.resource.arn === 'agent:profile/default')!
    expect(f).toMatchObject({ severity: 'medium', evidence: { mapping: { status: 'unmapped', reason: 'no IAM data to map the key id to (give --snapshot DIR or --aws)' } } })
  })
})
