// Credential → principal (spec §10), on the demo snapshot: key ids through the access-key files,
// role ARNs with or without their path, SSO permission sets to their AWSReservedSSO_ roles, and
// what sts:GetCallerIdentity said. Unmapped always says why.
import { describe, expect, it } from 'vitest'
import { mapCredential, principalByArn, roleByArn, ssoRoleOf } from '../../src/agent/map.js'
import type { AgentCredential, AgentDiscovery } from '../../src/inventory/agent-types.js'
import { estate, PROD } from '../support/estate.js'
import { demoInventory, DOMAIN_BOT_KEY } from './support.js'

const inv = demoInventory()
const credential = (c: Partial<AgentCredential>): AgentCredential => ({ id: 'x', kind: 'static-key', origins: [], usedByDefault: false, problems: [], ...c })
const discovery = (credentials: AgentCredential[]): AgentDiscovery => ({ home: '/h', discoveredAt: '2026-11-27T00:00:00Z', activeProfile: 'default', credentials, files: [], notes: [] })
const map = (c: AgentCredential, others: AgentCredential[] = []) => mapCredential(c, { discovery: discovery([c, ...others]), inventory: inv })
const SSO_ROLE = 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ProdReadOnly_4f2c1a9b8e7d6c5a'

describe('mapCredential', () => {
  it('maps an access key id to its IAM user through iam-list-access-keys--<user>.json', () => {
    expect(map(credential({ accessKeyId: DOMAIN_BOT_KEY, hasSecret: true }))).toMatchObject({
      status: 'mapped', principal: { arn: 'arn:aws:iam::111111111111:user/domain-bot' }, mappedBy: 'iam-list-access-keys--domain-bot.json',
    })
  })

  it('reports an unknown key as unmapped, a temporary key as unmapped for another reason, and a lone key id as unusable', () => {
    expect(map(credential({ accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', hasSecret: true }))).toEqual({ status: 'unmapped', reason: "no IAM user in the snapshot's access-key files (iam-list-access-keys--<user>.json) holds this key id" })
    expect(map(credential({ accessKeyId: 'ASIAZZZZZZZZZZZZZZZZ', hasSecret: true, sessionToken: true }))).toMatchObject({ status: 'unmapped', reason: expect.stringMatching(/temporary key issued by STS/) })
    expect(map(credential({ accessKeyId: DOMAIN_BOT_KEY, hasSecret: false }))).toMatchObject({ status: 'unusable', principal: { name: 'domain-bot' } })
  })

  it('says an inactive key is unusable, naming its user', () => {
    const built = estate().prodAccount().user('ci').with((i) => { i.principals[0].credentials = { passwordEnabled: false, accessKeys: [{ id: 'AKIAINACTIVE00000001', active: false }] } }).build()
    const c = credential({ accessKeyId: 'AKIAINACTIVE00000001', hasSecret: true })
    expect(mapCredential(c, { discovery: discovery([c]), inventory: built })).toMatchObject({ status: 'unusable', principal: { name: 'ci' }, reason: expect.stringMatching(/inactive in IAM/) })
  })

  it('without IAM data, maps nothing and says how to get it', () => {
    const empty = estate().build()
    const c = credential({ accessKeyId: DOMAIN_BOT_KEY, hasSecret: true })
    expect(mapCredential(c, { discovery: discovery([c]), inventory: { ...empty, accounts: [] } })).toEqual({ status: 'unmapped', reason: 'no IAM data to map the key id to (give --snapshot DIR or --aws)' })
  })

  it('maps role_arn to the role, with its source mapped too; a role outside the snapshot is unmapped by account', () => {
    const staging = credential({ id: 'profile:staging', profile: 'staging', accessKeyId: 'AKIA2WXPTWLL4FYTJLJL', hasSecret: true })
    const deploy = credential({ id: 'profile:d', profile: 'd', kind: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/deploy-prod', source: { profile: 'staging' } })
    expect(map(deploy, [staging])).toMatchObject({
      status: 'mapped', principal: { name: 'deploy-prod' }, mappedBy: 'role_arn',
      source: { label: 'profile staging', mapping: { status: 'mapped', principal: { name: 'staging-deploy' } } },
    })
    expect(map(credential({ kind: 'assume-role', roleArn: 'arn:aws:iam::999999999999:role/x', source: { profile: 'staging' } }))).toEqual({ status: 'unmapped', reason: 'role arn:aws:iam::999999999999:role/x is in account 999999999999, which is not in the snapshot' })
    expect(map(credential({ kind: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/gone', source: { profile: 'staging' } }))).toEqual({ status: 'unmapped', reason: "role arn:aws:iam::111111111111:role/gone is not in account 111111111111's IAM data" })
  })

  it('treats a chain the CLI refuses as unusable', () => {
    const c = credential({ kind: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/deploy-prod', source: { profile: 'b' }, problems: ['source_profile loop a → b → a: the AWS CLI refuses it (InfiniteLoopConfigError)'] })
    expect(map(c)).toMatchObject({ status: 'unusable', principal: { name: 'deploy-prod' } })
  })

  it('maps an SSO permission set to its AWSReservedSSO_<name>_<hash> role in the account', () => {
    expect(map(credential({ kind: 'sso', sso: { accountId: PROD, roleName: 'ProdReadOnly' } }))).toMatchObject({ status: 'mapped', principal: { arn: SSO_ROLE } })
    expect(map(credential({ kind: 'sso', sso: { accountId: PROD, roleName: 'Prod' } }))).toMatchObject({ status: 'unmapped' })
    expect(map(credential({ kind: 'sso', sso: { accountId: '222222222222', roleName: 'ProdReadOnly' } }))).toMatchObject({ status: 'unmapped', reason: expect.stringMatching(/AWSReservedSSO_ProdReadOnly_\* of permission set ProdReadOnly is not in account 222222222222/) })
  })

  it('maps what sts:GetCallerIdentity answered, users and assumed-role sessions alike; a refusal is unusable', () => {
    expect(map(credential({ accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', hasSecret: true, live: { arn: 'arn:aws:iam::222222222222:user/staging-deploy', accountId: '222222222222' } }))).toMatchObject({ status: 'mapped', principal: { name: 'staging-deploy' }, mappedBy: 'sts:GetCallerIdentity' })
    expect(map(credential({ kind: 'cached-session', cached: { expired: false }, live: { arn: 'arn:aws:sts::111111111111:assumed-role/deploy-prod/s1', accountId: PROD } }))).toMatchObject({ status: 'mapped', principal: { name: 'deploy-prod' } })
    expect(map(credential({ accessKeyId: DOMAIN_BOT_KEY, hasSecret: true, live: { arn: 'arn:aws:iam::999999999999:user/x', accountId: '999999999999' } }))).toMatchObject({ status: 'unmapped', knownArn: 'arn:aws:iam::999999999999:user/x' })
    expect(map(credential({ accessKeyId: DOMAIN_BOT_KEY, hasSecret: true, live: { rejected: 'InvalidClientTokenId' } }))).toEqual({ status: 'unusable', reason: 'AWS refused it (InvalidClientTokenId): it signs nothing' })
  })

  it('never maps what bulkhead cannot know offline: credential_process, the container endpoint, other tokens', () => {
    for (const kind of ['credential-process', 'container', 'token'] as const) expect(map(credential({ kind })).status).toBe('unmapped')
  })
})

describe('principal lookups', () => {
  it('finds a role by its ARN with or without the path, and an SSO role only on its reserved path with a 16-hex suffix', () => {
    expect(roleByArn(inv, SSO_ROLE)?.name).toBe('AWSReservedSSO_ProdReadOnly_4f2c1a9b8e7d6c5a')
    expect(roleByArn(inv, 'arn:aws:iam::111111111111:role/AWSReservedSSO_ProdReadOnly_4f2c1a9b8e7d6c5a')?.arn).toBe(SSO_ROLE)
    expect(principalByArn(inv, 'arn:aws:sts::111111111111:assumed-role/deploy-prod/x')?.name).toBe('deploy-prod')
    const lookalike = estate().prodAccount().role('AWSReservedSSO_ProdReadOnly_4f2c1a9b8e7d6c5a', { Version: '2012-10-17', Statement: [] }).build()
    expect(ssoRoleOf(lookalike, PROD, 'ProdReadOnly')).toBeUndefined() // path / : not IAM Identity Center's
  })
})
