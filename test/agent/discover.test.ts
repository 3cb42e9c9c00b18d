// Discovery of what a process started here inherits (spec §10), from real files in a temporary
// home and a chosen environment, by the AWS CLI's rules. Secrets are random per run.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { awsKeyId, awsSecret, githubToken, random } from '../workspace/support.js'
import { mapCredential } from '../../src/agent/map.js'
import { byId, demoInventory, discover, sha1, tempHome } from './support.js'

const homes: { remove(): void }[] = []
const home = (files: Record<string, string>) => {
  const h = tempHome(files)
  homes.push(h)
  return h.root
}
afterEach(() => {
  for (const h of homes.splice(0)) h.remove()
})

const keys = () => {
  const id = awsKeyId()
  const secret = awsSecret()
  return { id, secret, ini: `aws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n` }
}

describe('profiles, by the AWS CLI rules', () => {
  it('credentials: [name] is a profile; config: [default] and [profile name] are, [name] is ignored with a note', () => {
    const a = keys()
    const b = keys()
    const root = home({
      '.aws/credentials': `[default]\n${a.ini}[ci]\n${b.ini}`,
      '.aws/config': '[default]\nregion = us-east-1\n[profile ops]\ncredential_process = /opt/bin/get-creds --token abc\n[ops2]\ncredential_process = /bin/true\n',
    })
    const d = discover(root)
    expect(d.discovery.credentials.map((c) => c.id)).toEqual(['profile:default', 'profile:ci', 'profile:ops'])
    expect(byId(d, 'profile:default')).toMatchObject({ kind: 'static-key', accessKeyId: a.id, hasSecret: true, usedByDefault: true, origins: [{ display: '~/.aws/credentials', line: 1 }, { line: 2 }, { line: 3 }] })
    expect(byId(d, 'profile:ops')).toMatchObject({ kind: 'credential-process', process: { program: '/opt/bin/get-creds' } })
    expect(d.discovery.notes.join('\n')).toContain('[ops2] is not a profile for the AWS CLI')
    expect(d.signing.get('profile:ci')).toEqual({ accessKeyId: b.id, secretAccessKey: b.secret })
  })

  it('reads [profile x] in a credentials file as a profile literally named "profile x", and says so', () => {
    const root = home({ '.aws/credentials': `[profile dev]\n${keys().ini}` })
    const d = discover(root)
    expect(d.discovery.credentials.map((c) => c.profile)).toEqual(['profile dev'])
    expect(d.discovery.notes.join('\n')).toContain('profile literally named "profile dev"')
  })

  it('lets the credentials file win over the config file, key by key', () => {
    const a = keys()
    const root = home({ '.aws/credentials': `[dev]\n${a.ini}`, '.aws/config': `[profile dev]\naws_access_key_id = ${awsKeyId()}\nregion = eu-west-1\n` })
    expect(byId(discover(root), 'profile:dev')).toMatchObject({ accessKeyId: a.id, origins: [{ display: '~/.aws/credentials' }, {}, {}] })
  })

  it('follows the provider order: role_arn before SSO, before static keys, before credential_process', () => {
    const k = keys()
    const root = home({
      '.aws/config': [
        '[profile r]', 'role_arn = arn:aws:iam::111111111111:role/r', 'source_profile = base', k.ini.trim(),
        '[profile s]', 'sso_start_url = https://x.awsapps.com/start', 'sso_region = us-east-1', 'sso_account_id = 111111111111', 'sso_role_name = Admin', 'credential_process = /bin/creds',
        '[profile k]', k.ini.trim(), 'credential_process = /bin/creds',
        '[profile base]', keys().ini.trim(), '',
      ].join('\n'),
    })
    const d = discover(root)
    expect(byId(d, 'profile:r')).toMatchObject({ kind: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/r', source: { profile: 'base' }, chain: ['r', 'base'] })
    // keys beside role_arn that the CLI does not use are still keys an agent can read
    expect(byId(d, 'profile:r:keys')).toMatchObject({ kind: 'static-key', accessKeyId: k.id })
    expect(byId(d, 'profile:r:keys')!.problems[0]).toMatch(/does not use them for this profile/)
    expect(byId(d, 'profile:s')).toMatchObject({ kind: 'sso', sso: { accountId: '111111111111', roleName: 'Admin', startUrl: 'https://x.awsapps.com/start', region: 'us-east-1' } })
    expect(byId(d, 'profile:k')).toMatchObject({ kind: 'static-key' })
  })

  it('reads source_profile chains to their root, and a profile naming itself uses its own keys', () => {
    const self = keys()
    const root = home({
      '.aws/credentials': `[base]\n${keys().ini}`,
      '.aws/config': [
        '[profile top]', 'role_arn = arn:aws:iam::111111111111:role/top', 'source_profile = mid',
        '[profile mid]', 'role_arn = arn:aws:iam::222222222222:role/mid', 'source_profile = base',
        '[profile selfish]', 'role_arn = arn:aws:iam::111111111111:role/s', 'source_profile = selfish', self.ini.trim(), '',
      ].join('\n'),
    })
    const d = discover(root)
    expect(byId(d, 'profile:top')).toMatchObject({ chain: ['top', 'mid', 'base'], problems: [] })
    expect(byId(d, 'profile:selfish')).toMatchObject({ chain: ['selfish'], problems: [], source: { profile: 'selfish' } })
    expect(byId(d, 'profile:selfish:keys')!.problems[0]).toMatch(/the source of profile selfish's own role_arn/)
  })

  it('names the loops and gaps the CLI refuses: a cycle, a missing source, a self-reference without keys, no source at all', () => {
    const root = home({
      '.aws/config': [
        '[profile a]', 'role_arn = arn:aws:iam::111111111111:role/a', 'source_profile = b',
        '[profile b]', 'role_arn = arn:aws:iam::111111111111:role/b', 'source_profile = a',
        '[profile lost]', 'role_arn = arn:aws:iam::111111111111:role/l', 'source_profile = nowhere',
        '[profile me]', 'role_arn = arn:aws:iam::111111111111:role/m', 'source_profile = me',
        '[profile bare]', 'role_arn = arn:aws:iam::111111111111:role/x', '',
      ].join('\n'),
    })
    const d = discover(root)
    expect(byId(d, 'profile:a')!.problems).toEqual(['source_profile loop a → b → a: the AWS CLI refuses it (InfiniteLoopConfigError)'])
    expect(byId(d, 'profile:lost')!.problems).toEqual(['source_profile nowhere is not defined in either file'])
    expect(byId(d, 'profile:me')!.problems[0]).toMatch(/names the profile itself, which holds no static keys/)
    expect(byId(d, 'profile:bare')!.problems[0]).toMatch(/role_arn without source_profile, credential_source or web_identity_token_file/)
  })

  it('follows a chain of 10,000 profiles naming one another in bounded time, and says where it stopped', () => {
    const n = 10_000 // about 0.9 MB: under the 1 MiB bulkhead reads of a credentials file
    const config = Array.from({ length: n }, (_, i) => `[profile p${i}]\nrole_arn = arn:aws:iam::111111111111:role/deploy-prod\nsource_profile = p${i + 1}\n`).join('')
    const root = home({ '.aws/config': `${config}[profile p${n}]\n${keys().ini}` })
    const d = discover(root)
    expect(d.discovery.credentials).toHaveLength(n + 1)
    expect(byId(d, 'profile:p0')!.problems).toEqual(['source_profile chain longer than 50 profiles: bulkhead follows it no further'])
    expect(byId(d, `profile:p${n - 3}`)).toMatchObject({ chain: [`p${n - 3}`, `p${n - 2}`, `p${n - 1}`, `p${n}`], problems: [] })
    expect(byId(d, `profile:p${n - 49}`)!.chain).toHaveLength(50)
    expect(byId(d, `profile:p${n - 50}`)!.problems).toHaveLength(1)
    // and mapping each one neither overflows the stack nor loops: chains of up to 50 map through them
    const inventory = demoInventory()
    const statuses = d.discovery.credentials.map((c) => mapCredential(c, { discovery: d.discovery, inventory }).status)
    expect(statuses.filter((x) => x === 'mapped')).toHaveLength(49)
    expect(statuses.filter((x) => x === 'unusable')).toHaveLength(n - 49)
  })

  it('reads credential_source and web_identity_token_file', () => {
    const root = home({
      '.aws/config': '[profile env]\nrole_arn = arn:aws:iam::111111111111:role/e\ncredential_source = Environment\n[profile wi]\nrole_arn = arn:aws:iam::111111111111:role/w\nweb_identity_token_file = ~/token\n',
      token: 'eyJ...',
    })
    const d = discover(root)
    expect(byId(d, 'profile:env')).toMatchObject({ kind: 'assume-role', source: { credentialSource: 'Environment' } })
    expect(byId(d, 'profile:wi')).toMatchObject({ kind: 'web-identity', webIdentity: { tokenFile: '~/token', present: true }, problems: [] })
  })

  it('reads [sso-session] sections and legacy sso_* keys, and says when the session section is missing', () => {
    const root = home({
      '.aws/config': [
        '[profile new]', 'sso_session = corp', 'sso_account_id = 111111111111', 'sso_role_name = ReadOnly',
        '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = eu-west-1',
        '[profile old]', 'sso_start_url = https://old.awsapps.com/start', 'sso_region = us-east-1', 'sso_account_id = 222222222222', 'sso_role_name = Admin',
        '[profile orphan]', 'sso_session = gone', 'sso_account_id = 111111111111', 'sso_role_name = X', '',
      ].join('\n'),
    })
    const d = discover(root)
    expect(byId(d, 'profile:new')!.sso).toEqual({ accountId: '111111111111', roleName: 'ReadOnly', session: 'corp', startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1' })
    expect(byId(d, 'profile:old')!.sso).toMatchObject({ startUrl: 'https://old.awsapps.com/start', accountId: '222222222222' })
    expect(byId(d, 'profile:orphan')!.problems).toEqual(['sso_session gone has no [sso-session gone] section in the config file'])
  })

  it('honours AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE (with ~ as the home)', () => {
    const k = keys()
    const root = home({ 'elsewhere/creds': `[moved]\n${k.ini}`, '.aws/credentials': `[ignored]\n${keys().ini}` })
    const d = discover(root, { AWS_SHARED_CREDENTIALS_FILE: '~/elsewhere/creds' })
    expect(d.discovery.credentials.map((c) => c.id)).toEqual(['profile:moved'])
    expect(d.discovery.files.map((f) => `${f.display} ${f.state}`)).toEqual(['~/elsewhere/creds read', '~/.aws/config absent'])
  })

  it('reads nothing that is not a regular file: a FIFO as the credentials file does not hang', () => {
    const root = home({})
    mkdirSync(join(root, '.aws'))
    expect(spawnSync('mkfifo', [join(root, '.aws', 'credentials')]).status).toBe(0)
    const d = discover(root)
    expect(d.discovery.files[0]).toEqual({ display: '~/.aws/credentials', state: 'unreadable' })
    expect(d.discovery.notes[0]).toMatch(/could not be read \(not a regular file\)/)
  })
})

describe('the environment', () => {
  it('reads static keys with a session token, and marks them as what a process uses by default', () => {
    const k = keys()
    const root = home({ '.aws/credentials': `[default]\n${keys().ini}` })
    const token = random(200)
    const d = discover(root, { AWS_ACCESS_KEY_ID: k.id, AWS_SECRET_ACCESS_KEY: k.secret, AWS_SESSION_TOKEN: token })
    expect(byId(d, 'env:AWS_ACCESS_KEY_ID')).toMatchObject({ kind: 'static-key', accessKeyId: k.id, hasSecret: true, sessionToken: true, usedByDefault: true, origins: [{ kind: 'environment', variables: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] }] })
    expect(byId(d, 'profile:default')!.usedByDefault).toBe(false)
    expect(d.signing.get('env:AWS_ACCESS_KEY_ID')).toEqual({ accessKeyId: k.id, secretAccessKey: k.secret, sessionToken: token })
  })

  it('reads a key id without its secret as partial: nothing to sign with', () => {
    const d = discover(home({}), { AWS_ACCESS_KEY_ID: awsKeyId() })
    expect(byId(d, 'env:AWS_ACCESS_KEY_ID')).toMatchObject({ hasSecret: false, usedByDefault: false })
    expect(d.signing.size).toBe(0)
  })

  it('picks the default as botocore does: AWS_PROFILE\'s role before AWS_ROLE_ARN, which comes before its static keys', () => {
    const root = home({
      '.aws/credentials': `[dev]\n${keys().ini}[base]\n${keys().ini}`,
      '.aws/config': '[profile ops]\nrole_arn = arn:aws:iam::111111111111:role/ops\nsource_profile = base\n',
      'token.jwt': 'x',
    })
    const web = { AWS_ROLE_ARN: 'arn:aws:iam::111111111111:role/ci', AWS_WEB_IDENTITY_TOKEN_FILE: join(root, 'token.jwt') }
    const pick = (env: Record<string, string>) => discover(root, env).discovery.credentials.filter((c) => c.usedByDefault).map((c) => c.id)
    expect(pick({ ...web, AWS_PROFILE: 'ops' })).toEqual(['profile:ops'])
    expect(pick({ ...web, AWS_PROFILE: 'dev' })).toEqual(['env:AWS_ROLE_ARN'])
    expect(pick({ AWS_PROFILE: 'dev' })).toEqual(['profile:dev'])
    expect(byId(discover(root, web), 'env:AWS_ROLE_ARN')).toMatchObject({ kind: 'web-identity', roleArn: 'arn:aws:iam::111111111111:role/ci', webIdentity: { present: true } })
  })

  it('notes an AWS_PROFILE that neither file defines', () => {
    expect(discover(home({}), { AWS_PROFILE: 'ghost' }).discovery.notes).toContain('AWS_PROFILE names profile ghost, which neither file defines: the AWS CLI stops with ProfileNotFound')
  })

  it('reads the container credentials endpoint, with or without an authorization token', () => {
    const d = discover(home({}), { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials', AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/secrets/token' })
    expect(byId(d, 'env:AWS_CONTAINER_CREDENTIALS_FULL_URI')).toMatchObject({ kind: 'container', usedByDefault: true, container: { variable: 'AWS_CONTAINER_CREDENTIALS_FULL_URI', authorizationToken: true } })
  })

  it('finds other tokens in the environment with the workspace detectors, and leaves plain variables alone', () => {
    const gh = githubToken()
    const d = discover(home({}), { GITHUB_TOKEN: gh, PATH: '/usr/bin:/bin', HOME: '/home/dev', LANG: 'C.UTF-8' })
    expect(d.discovery.credentials.map((c) => [c.kind, c.token?.type, c.token?.name])).toEqual([['token', 'github-token', 'GITHUB_TOKEN']])
    expect(d.discovery.credentials[0].secret).toMatchObject({ preview: 'ghp_' })
  })
})

describe('the SSO and CLI caches: presence, account, role and expiry', () => {
  const ssoConfig = '[profile prod]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = Ops\n[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n'
  const token = (expiresAt: string, refresh = false) => JSON.stringify({ startUrl: 'https://acme.awsapps.com/start', region: 'us-east-1', accessToken: random(300), expiresAt, ...(refresh ? { refreshToken: random(100), clientSecret: random(200) } : {}) })

  it('puts the cached token of an SSO profile on it (file named by the SHA-1 of the session name)', () => {
    const root = home({ '.aws/config': ssoConfig, [`.aws/sso/cache/${sha1('acme')}.json`]: token('2026-11-27T20:00:00Z') })
    const c = byId(discover(root), 'profile:prod')!
    expect(c.sso!.token).toEqual({ display: `~/.aws/sso/cache/${sha1('acme')}.json`, expiresAt: '2026-11-27T20:00:00Z', expired: false, refreshable: false })
  })

  it('finds the legacy token by the SHA-1 of the start URL, expired but renewable', () => {
    const root = home({
      '.aws/config': '[profile old]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n',
      [`.aws/sso/cache/${sha1('https://old.awsapps.com/start')}.json`]: token('2026-11-26T00:00:00Z', true),
    })
    expect(byId(discover(root), 'profile:old')!.sso!.token).toMatchObject({ expired: true, refreshable: true })
  })

  it('lists a token no profile names as its own credential; client registrations are no tokens', () => {
    const root = home({
      [`.aws/sso/cache/${sha1('other')}.json`]: token('2026-12-01T00:00:00Z'),
      '.aws/sso/cache/botocore-client-id-us-east-1.json': JSON.stringify({ clientId: random(20), clientSecret: random(300), expiresAt: '2027-01-01T00:00:00Z' }),
      '.aws/sso/cache/broken.json': '{ not json',
    })
    const d = discover(root)
    expect(d.discovery.credentials).toHaveLength(1)
    expect(d.discovery.credentials[0]).toMatchObject({ kind: 'sso-token', cached: { startUrl: 'https://acme.awsapps.com/start', expired: false, refreshable: false } })
  })

  it('reads CLI cache sessions: the role from AssumedRoleUser, or from the SSO profile whose cache key names the file', () => {
    const session = (expiration: string, arn?: string) => JSON.stringify({
      Credentials: { AccessKeyId: `ASIA${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, SecretAccessKey: awsSecret(), SessionToken: random(300), Expiration: expiration },
      ...(arn ? { AssumedRoleUser: { AssumedRoleId: 'AROAX:s', Arn: arn } } : {}),
    })
    const ssoKey = sha1(JSON.stringify({ accountId: '111111111111', roleName: 'Ops', sessionName: 'acme' }))
    const root = home({
      '.aws/config': ssoConfig,
      '.aws/cli/cache/a.json': session('2026-11-27T13:00:00Z', 'arn:aws:sts::111111111111:assumed-role/deploy-prod/botocore-session-1'),
      [`.aws/cli/cache/${ssoKey}.json`]: session('2026-11-27T11:00:00Z'),
    })
    const d = discover(root)
    expect(byId(d, 'cli-cache:a.json')).toMatchObject({ kind: 'cached-session', cached: { accountId: '111111111111', roleName: 'deploy-prod', expired: false, via: 'AssumedRoleUser in the cache file' } })
    expect(byId(d, `cli-cache:${ssoKey}.json`)).toMatchObject({ cached: { accountId: '111111111111', roleName: 'Ops', expired: true, via: 'the cache key of SSO profile prod' } })
    // a live session may sign sts:GetCallerIdentity with --aws; an expired one is no credential
    expect([...d.signing.keys()]).toEqual(['cli-cache:a.json'])
  })
})

describe('the workspace', () => {
  it('turns every token the workspace scanner finds into a credential, AWS keys with their key id', () => {
    const id = awsKeyId()
    const ws = tempHome({ 'deploy.sh': `export AWS_ACCESS_KEY_ID=${id}\nexport AWS_SECRET_ACCESS_KEY=${awsSecret()}\nexport GITHUB_TOKEN=${githubToken()}\n` })
    homes.push(ws)
    const d = discover(home({}), {}, { workspaces: [ws.root] })
    expect(d.discovery.credentials.map((c) => [c.kind, c.accessKeyId, c.origins[0].display, c.origins[0].line])).toEqual([
      ['static-key', id, 'deploy.sh', 1],
      ['token', undefined, 'deploy.sh', 3],
    ])
  })
})
